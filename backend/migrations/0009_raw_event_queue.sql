CREATE TABLE "cdp_raw_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"event" jsonb NOT NULL,
	"dedupe_window_hours" smallint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD CONSTRAINT "cdp_raw_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdp_raw_events_tenant_idx" ON "cdp_raw_events" USING btree ("tenant_id","id");