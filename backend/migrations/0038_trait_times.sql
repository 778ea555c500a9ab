ALTER TABLE "cdp_profiles" ADD COLUMN "trait_times" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Traits set before their times were kept are as old as the profile's last event: the age every rule used until now.
UPDATE "cdp_profiles" SET "trait_times" = (SELECT jsonb_object_agg(k, to_jsonb("last_seen_at")) FROM jsonb_object_keys("profile_data") AS k)
WHERE "profile_data" <> '{}'::jsonb;
