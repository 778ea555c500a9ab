-- The masking of personal data grew again (mask-personal-data.ts): a phone number under any key naming one
-- (`work_phone`, `billingPhone`, `tel-no`, `cell`), and an email percent-encoded in a URL's query (`%40`). The
-- profile search's rule follows, so a caller who may not read PII cannot find such a trait by substring either.
CREATE OR REPLACE FUNCTION cdp_is_personal_trait(key text, value jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT jsonb_typeof(value) IN ('object', 'array')
            OR key ~* '^(e_?mail|e_?mail_?address|ip|ip_?address)$'
            OR regexp_split_to_array(lower(regexp_replace(key, '([a-z0-9])([A-Z])', '\1_\2', 'g')), '[^a-z0-9]+')
               && ARRAY['phone', 'phonenumber', 'mobile', 'mobilenumber', 'mobilephone', 'telephone', 'tel', 'msisdn', 'whatsapp', 'cell', 'cellphone']
            OR (value #>> '{}') ~ '[^[:space:]@]@[^[:space:]@]+\.[[:alpha:]]{2,}'
            OR (value #>> '{}') ~ '[^[:space:]@%]%40[^[:space:]@]+\.[[:alpha:]]{2,}'
            OR (value #>> '{}') ~ '\+[0-9]([[:space:].()-]{0,2}[0-9]){7,14}' $$;
