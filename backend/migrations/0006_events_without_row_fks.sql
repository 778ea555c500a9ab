ALTER TABLE "cdp_events" DROP CONSTRAINT "cdp_events_profile_id_cdp_profiles_id_fk";
--> statement-breakpoint
ALTER TABLE "cdp_events" DROP CONSTRAINT "cdp_events_source_id_cdp_sources_id_fk";
