CREATE TABLE "cdp_event_rollups_hourly" (
	"tenant_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"event_name" varchar(255) NOT NULL,
	"source_id" uuid NOT NULL,
	"events" integer NOT NULL,
	"emq_sum" bigint NOT NULL,
	"emq_excellent" integer NOT NULL,
	"emq_good" integer NOT NULL,
	"emq_fair" integer NOT NULL,
	"emq_poor" integer NOT NULL,
	"purchases" integer NOT NULL,
	"revenue" numeric(18, 2) NOT NULL,
	CONSTRAINT "cdp_event_rollups_hourly_tenant_id_hour_event_name_source_id_pk" PRIMARY KEY("tenant_id","hour","event_name","source_id")
);
--> statement-breakpoint
ALTER TABLE "cdp_event_rollups_hourly" ADD CONSTRAINT "cdp_event_rollups_hourly_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;