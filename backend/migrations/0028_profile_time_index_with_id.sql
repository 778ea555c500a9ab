DROP INDEX "cdp_events_profile_time_idx";--> statement-breakpoint
CREATE INDEX "cdp_events_profile_time_idx" ON "cdp_events" USING btree ("tenant_id","profile_id","event_time","id");