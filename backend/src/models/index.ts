export * from './tenants';
export * from './users';
export * from './auth-sessions';
export * from './audit-logs';
