ALTER TABLE "cdp_event_keys" DROP CONSTRAINT "cdp_event_keys_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "cdp_events" DROP CONSTRAINT "cdp_events_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "cdp_raw_events" DROP CONSTRAINT "cdp_raw_events_tenant_id_tenants_id_fk";
