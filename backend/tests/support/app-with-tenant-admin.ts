import { afterAll, beforeAll } from 'vitest';
import type { TenantRow } from '../../src/models';
import { tenantWithAdmin, type Session, type TenantOverrides } from './factories';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

export interface AppWithTenantAdmin extends Omit<TestApp, 'close'> {
  /** The signed-in admin of `tenant`. */
  admin: Session;
  tenant: TenantRow;
  tenantId: string;
}

/**
 * Most integration files test one app, for one tenant, as that tenant's admin. Called at the top of such a file,
 * this registers the `beforeAll` that starts the app and signs the admin in, and the `afterAll` that closes it.
 * The returned object is empty until that `beforeAll` has run: read it in tests and hooks. The file's own hooks,
 * registered after the call, run after its `beforeAll`, and their `afterAll` before its own (vitest's stack order).
 */
export function appWithTenantAdmin(options: TestAppOptions & { tenant?: TenantOverrides } = {}): AppWithTenantAdmin {
  const { tenant: tenantOverrides, ...appOptions } = options;
  const fixture = {} as AppWithTenantAdmin;
  let testApp: TestApp | undefined;
  beforeAll(async () => {
    testApp = await createTestApp(appOptions);
    const { app, db, config } = testApp;
    const { tenant, session } = await tenantWithAdmin(app, db.db, tenantOverrides);
    Object.assign(fixture, { app, db, config, admin: session, tenant, tenantId: tenant.id } satisfies AppWithTenantAdmin);
  });
  afterAll(() => testApp?.close());
  return fixture;
}
