ALTER TABLE "cdp_identity_conflict_profiles" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE cdp_identity_conflict_profiles s SET created_at = c.created_at
FROM cdp_identity_conflicts c WHERE c.id = s.conflict_id AND s.created_at IS DISTINCT FROM c.created_at;--> statement-breakpoint
CREATE INDEX "cdp_conflict_profiles_time_idx" ON "cdp_identity_conflict_profiles" USING btree ("tenant_id","profile_id","created_at","conflict_id");
