-- Substring search over profiles without reading every profile: trigram indexes (pg_trgm, a trusted extension that
-- ships with PostgreSQL and with PGlite). The trait values are joined with the unit separator (U+001F), which no
-- one types, so a search cannot match across two values; the query still rechecks each value on its own.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE OR REPLACE FUNCTION cdp_trait_values(data jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT string_agg(value, chr(31)) FROM jsonb_each_text(data) $$;--> statement-breakpoint
CREATE INDEX "cdp_profiles_trait_search_idx" ON "cdp_profiles" USING gin (cdp_trait_values("profile_data") gin_trgm_ops) WHERE cdp_trait_values("cdp_profiles"."profile_data") is not null;--> statement-breakpoint
CREATE INDEX "cdp_profiles_external_id_search_idx" ON "cdp_profiles" USING gin ("external_id" gin_trgm_ops) WHERE "cdp_profiles"."external_id" is not null;--> statement-breakpoint
-- The search itself. Under row-level security PostgreSQL may not use an index for ILIKE (not leakproof: it would
-- run before the tenant policy), so a search as the application role reads every profile. This function runs as
-- the tables' owner, through the indexes, and reaches only the tenant the transaction names, as the policy would.
-- `max_rows` lets the caller learn cheaply whether a term is common (NULL: all of them).
CREATE OR REPLACE FUNCTION cdp_profiles_matching(pattern text, with_external_id boolean, stage cdp_lifecycle_stage, max_rows integer)
RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id FROM cdp_profiles
  WHERE tenant_id = stratum_current_tenant() AND merged_into_id IS NULL
    AND (stage IS NULL OR lifecycle_stage = stage)
    AND ((cdp_trait_values(profile_data) ILIKE pattern
          AND EXISTS (SELECT 1 FROM jsonb_each_text(profile_data) AS trait WHERE trait.value ILIKE pattern))
         OR (with_external_id AND external_id ILIKE pattern))
  LIMIT max_rows
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION cdp_profiles_matching(text, boolean, cdp_lifecycle_stage, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION cdp_profiles_matching(text, boolean, cdp_lifecycle_stage, integer) TO stratum_app;
