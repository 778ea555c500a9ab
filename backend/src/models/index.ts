export * from './tenants';
export * from './users';
export * from './auth-sessions';
export * from './audit-logs';
export * from './cdp-sources';
export * from './cdp-profiles';
export * from './cdp-events';
export * from './cdp-consents';
