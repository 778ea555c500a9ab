import { describe, expect, it } from 'vitest';
import { ImportRunner } from '../../src/services/cdp/imports/run-import';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { multipart } from '../support/multipart';

/** An import names the source its rows come from: one that takes no data (deactivated) takes none from a file. */
const t = appWithTenantAdmin();

const upload = (fields: Record<string, string>) => {
  const line = JSON.stringify({ identifiers: [{ type: 'email', value: `${fields.source_id}@sources.test` }] });
  const body = multipart({ kind: 'profiles', ...fields }, { name: 'people.ndjson', content: line }, t.admin);
  return t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload: body.payload, headers: body.headers });
};
async function source(name: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/sources', headers: t.admin.headers, payload: { name, source_type: 'crm' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id as string;
}
const deactivate = async (id: string) =>
  expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/cdp/sources/${id}`, headers: t.admin.headers, payload: { is_active: false } })).statusCode).toBe(200);

describe('an import into a source', () => {
  it('is refused with a 409 when the source is deactivated, as its key is', async () => {
    const id = await source('Old CRM');
    await deactivate(id);
    const res = await upload({ source_id: id });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({ field: 'source_id', code: 'source_inactive', message: expect.stringMatching(/deactivated/) });
    expect((await t.app.inject({ url: '/api/v1/cdp/imports', headers: t.admin.headers })).json().data.total).toBe(0);
  });

  it('queued before its source was deactivated fails when it runs, adding nothing', async () => {
    await t.app.importRunner.stop();
    const id = await source('Retired CRM');
    const res = await upload({ source_id: id });
    expect(res.statusCode, res.body).toBe(201);
    await deactivate(id);
    const runner = new ImportRunner(t.db.db, t.config);
    runner.kick();
    await runner.whenIdle();
    const job = (await t.app.inject({ url: `/api/v1/cdp/imports/${res.json().data.id}`, headers: t.admin.headers })).json().data;
    expect(job).toMatchObject({ status: 'failed', rows_ok: 0, failure_reason: expect.stringMatching(/^The source of the import was deactivated/) });
  });
});
