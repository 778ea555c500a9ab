SELECT stratum_enable_tenant_rls('cdp_rejected_events');
