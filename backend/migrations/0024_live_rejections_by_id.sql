DROP INDEX "cdp_rejected_events_tenant_idx";--> statement-breakpoint
CREATE INDEX "cdp_rejected_events_source_idx" ON "cdp_rejected_events" USING btree ("tenant_id","source_id","id");