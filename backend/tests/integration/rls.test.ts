import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { inScope, platformScope, tenantScope } from '../../src/db/scope';
import { databaseForFile } from '../support/test-db';
import { makeTenant, makeUser } from '../support/factories';

const db = databaseForFile();

describe('row-level security', () => {
  it("hides tenant B's rows from an unscoped query under tenant A's setting", async () => {
    const a = await makeTenant(db.db);
    const b = await makeTenant(db.db);
    await makeUser(db.db, { tenantId: a.id });
    const bUser = await makeUser(db.db, { tenantId: b.id });

    const seen = await inScope(db.db, tenantScope(a.id), (tx) =>
      queryRows<{ id: string; tenant_id: string }>(tx, sql`select id, tenant_id from users`),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((u) => u.tenant_id === a.id)).toBe(true);
    expect(seen.map((u) => u.id)).not.toContain(bUser.id);

    const tenantsSeen = await inScope(db.db, tenantScope(a.id), (tx) => queryRows<{ id: string }>(tx, sql`select id from tenants`));
    expect(tenantsSeen.map((x) => x.id)).toEqual([a.id]);

    // The platform scope (superadmin work, sign-in) sees both.
    const all = await inScope(db.db, platformScope, (tx) => queryRows<{ id: string }>(tx, sql`select id from users`));
    expect(all.map((u) => u.id)).toContain(bUser.id);
  });

  it("refuses to write a row into another tenant from tenant A's scope", async () => {
    const a = await makeTenant(db.db);
    const b = await makeTenant(db.db);
    await expect(
      inScope(db.db, tenantScope(a.id), (tx) =>
        tx.execute(sql`insert into audit_logs (tenant_id, action, resource_type) values (${b.id}, 'x', 'y')`),
      ),
    ).rejects.toThrow();
  });

  it('is enabled, with a policy, on every table that has a tenant_id', async () => {
    const tables = await queryRows<{ table_name: string; rls: boolean; policies: number }>(
      db.db,
      sql`select c.relname as table_name, c.relrowsecurity as rls,
                 (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
          from information_schema.columns col
          join pg_class c on c.relname = col.table_name
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = col.table_schema
          where col.table_schema = 'public' and col.column_name = 'tenant_id' and c.relkind = 'r'`,
    );
    expect(tables.map((x) => x.table_name)).toEqual(expect.arrayContaining(['users', 'audit_logs']));
    for (const table of tables) {
      expect(table, table.table_name).toMatchObject({ rls: true });
      expect(table.policies, table.table_name).toBeGreaterThan(0);
    }
  });
});
