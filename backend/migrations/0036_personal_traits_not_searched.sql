-- A trait that holds a person's email or phone is masked for callers who may not read PII (mask-personal-data.ts):
-- their profile search must not find it by substring either, or the counts would spell the value out letter by
-- letter. This is the SQL side of the same rule, a superset of it: a phone-like key, an email anywhere in the value,
-- or a nested value (whose keys the search cannot judge).
CREATE OR REPLACE FUNCTION cdp_is_personal_trait(key text, value jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT jsonb_typeof(value) IN ('object', 'array')
            OR key ~* '^(phone|phone_?number|mobile|mobile_?number|mobile_?phone|telephone|tel|msisdn|whatsapp)$'
            OR (value #>> '{}') ~ '[^[:space:]@]@[^[:space:]@]+\.[[:alpha:]]{2,}' $$;--> statement-breakpoint
-- `with_external_id` is whether the caller may read PII: it also lets personal traits match.
CREATE OR REPLACE FUNCTION cdp_profiles_matching(pattern text, with_external_id boolean, stage cdp_lifecycle_stage, max_rows integer)
RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id FROM cdp_profiles
  WHERE tenant_id = stratum_current_tenant() AND merged_into_id IS NULL
    AND (stage IS NULL OR lifecycle_stage = stage)
    AND ((cdp_trait_values(profile_data) ILIKE pattern
          AND EXISTS (SELECT 1 FROM jsonb_each(profile_data) AS trait
                      WHERE (trait.value #>> '{}') ILIKE pattern
                        AND (with_external_id OR NOT cdp_is_personal_trait(trait.key, trait.value))))
         OR (with_external_id AND external_id ILIKE pattern))
  LIMIT max_rows
$$;
