CREATE TABLE "cdp_rejected_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"event_name" varchar(255),
	"reason" varchar(1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cdp_rejected_events" ADD CONSTRAINT "cdp_rejected_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdp_rejected_events_tenant_idx" ON "cdp_rejected_events" USING btree ("tenant_id","source_id","received_at");