-- Row-level security is the backstop behind the scoped query helpers: a transaction that switched to the
-- stratum_app role sees only the rows of the tenant named by the transaction-local setting app.tenant_id.
CREATE OR REPLACE FUNCTION stratum_current_tenant() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
-- Later migrations call this for each new tenant table, so no table can be added without its policy.
CREATE OR REPLACE FUNCTION stratum_enable_tenant_rls(target regclass, tenant_column text DEFAULT 'tenant_id')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO stratum_app USING (%I = stratum_current_tenant()) WITH CHECK (%I = stratum_current_tenant())',
    target, tenant_column, tenant_column);
END $$;
--> statement-breakpoint
SELECT stratum_enable_tenant_rls('users');
--> statement-breakpoint
SELECT stratum_enable_tenant_rls('audit_logs');
--> statement-breakpoint
SELECT stratum_enable_tenant_rls('tenants', 'id');
--> statement-breakpoint
-- Sessions and login throttling are platform-level: only the connection's own role touches them.
REVOKE ALL ON refresh_tokens, login_failures FROM stratum_app;
--> statement-breakpoint
-- Audit rows are append-only: the application role cannot change or remove them, and nobody can update them.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM stratum_app;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON tenants FROM stratum_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stratum_audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs
FOR EACH ROW EXECUTE FUNCTION stratum_audit_logs_append_only();
--> statement-breakpoint
-- Ending a user's sessions is part of deactivating them, which a tenant admin does inside the tenant's scope;
-- the sessions table stays closed to the application role, and this function only reaches that tenant's users.
CREATE OR REPLACE FUNCTION stratum_revoke_user_sessions(target uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE refresh_tokens SET revoked_at = now()
  WHERE user_id = target AND revoked_at IS NULL
    AND EXISTS (
      SELECT 1 FROM users u
      WHERE u.id = target AND (stratum_current_tenant() IS NULL OR u.tenant_id = stratum_current_tenant())
    );
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION stratum_revoke_user_sessions(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION stratum_revoke_user_sessions(uuid) TO stratum_app;
