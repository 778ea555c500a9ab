CREATE TABLE "cdp_identity_conflict_profiles" (
	"tenant_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"conflict_id" uuid NOT NULL,
	CONSTRAINT "cdp_identity_conflict_profiles_tenant_id_profile_id_conflict_id_pk" PRIMARY KEY("tenant_id","profile_id","conflict_id")
);
--> statement-breakpoint
ALTER TABLE "cdp_identity_conflict_profiles" ADD CONSTRAINT "cdp_identity_conflict_profiles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_identity_conflict_profiles" ADD CONSTRAINT "cdp_identity_conflict_profiles_conflict_id_cdp_identity_conflicts_id_fk" FOREIGN KEY ("conflict_id") REFERENCES "public"."cdp_identity_conflicts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdp_conflict_profiles_conflict_idx" ON "cdp_identity_conflict_profiles" USING btree ("conflict_id");--> statement-breakpoint
SELECT stratum_enable_tenant_rls('cdp_identity_conflict_profiles');
--> statement-breakpoint
INSERT INTO cdp_identity_conflict_profiles (tenant_id, profile_id, conflict_id)
SELECT c.tenant_id, pid::uuid, c.id FROM cdp_identity_conflicts c, jsonb_array_elements_text(c.profile_ids) AS pid
ON CONFLICT DO NOTHING;
