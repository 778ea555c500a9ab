SELECT stratum_enable_tenant_rls('cdp_event_rollups_hourly');
