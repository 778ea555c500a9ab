-- The masking of personal data grew (mask-personal-data.ts): an international phone number anywhere in a value, and
-- values under email- and address-like keys. The profile search's rule (migration 0036) follows, so a caller who
-- may not read PII cannot find such a trait by substring either.
CREATE OR REPLACE FUNCTION cdp_is_personal_trait(key text, value jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT jsonb_typeof(value) IN ('object', 'array')
            OR key ~* '^(phone|phone_?number|mobile|mobile_?number|mobile_?phone|telephone|tel|msisdn|whatsapp|e_?mail|e_?mail_?address|ip|ip_?address)$'
            OR (value #>> '{}') ~ '[^[:space:]@]@[^[:space:]@]+\.[[:alpha:]]{2,}'
            OR (value #>> '{}') ~ '\+[0-9]([[:space:].()-]{0,2}[0-9]){7,14}' $$;
