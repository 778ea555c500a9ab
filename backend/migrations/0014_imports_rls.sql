SELECT stratum_enable_tenant_rls('cdp_imports');
