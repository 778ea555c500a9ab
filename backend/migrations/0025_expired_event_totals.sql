CREATE TABLE "cdp_expired_event_totals" (
	"tenant_id" uuid NOT NULL,
	"origin_profile_id" uuid NOT NULL,
	"events" integer NOT NULL,
	"sessions" integer NOT NULL,
	"purchases" integer NOT NULL,
	"revenue" numeric(30, 2) NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cdp_expired_event_totals_tenant_id_origin_profile_id_pk" PRIMARY KEY("tenant_id","origin_profile_id")
);
--> statement-breakpoint
ALTER TABLE "cdp_expired_event_totals" ADD CONSTRAINT "cdp_expired_event_totals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_expired_event_totals" ADD CONSTRAINT "cdp_expired_event_totals_origin_profile_id_cdp_profiles_id_fk" FOREIGN KEY ("origin_profile_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
SELECT stratum_enable_tenant_rls('cdp_expired_event_totals');
