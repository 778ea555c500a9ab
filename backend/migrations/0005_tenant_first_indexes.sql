DROP INDEX "cdp_events_tenant_received_idx";--> statement-breakpoint
DROP INDEX "cdp_links_to_idx";--> statement-breakpoint
DROP INDEX "cdp_identifiers_profile_idx";--> statement-breakpoint
DROP INDEX "cdp_profiles_merged_into_idx";--> statement-breakpoint
CREATE INDEX "cdp_links_to_idx" ON "cdp_identity_links" USING btree ("tenant_id","to_identifier_id");--> statement-breakpoint
CREATE INDEX "cdp_identifiers_profile_idx" ON "cdp_profile_identifiers" USING btree ("tenant_id","profile_id");--> statement-breakpoint
CREATE INDEX "cdp_profiles_merged_into_idx" ON "cdp_profiles" USING btree ("tenant_id","merged_into_id");