ALTER TABLE "cdp_identity_links" DROP CONSTRAINT "cdp_identity_links_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "cdp_profile_identifiers" DROP CONSTRAINT "cdp_profile_identifiers_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "cdp_profiles" DROP CONSTRAINT "cdp_profiles_tenant_id_tenants_id_fk";
