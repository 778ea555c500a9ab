export * from './envelope';
export * from './permissions';
export * from './auth';
export * from './tenants';
export * from './users';
export * from './audit';
export * from './overview';
