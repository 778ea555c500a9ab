import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { cdpImports } from '../../src/models';
import { removeAbandonedUploads } from '../../src/services/cdp/imports/abandoned-uploads';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { multipart } from '../support/multipart';

// The API host's data folder: a worker on another host would not have it.
const dataDir = mkdtempSync(path.join(tmpdir(), 'stratum-import-host-'));
// Registered before the fixture, so it runs after the app is closed.
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const t = appWithTenantAdmin({ env: { DATA_DIR: dataDir } });

function ndjsonUpload(name: string, content: string) {
  const body = multipart({ kind: 'profiles' }, { name, content }, t.admin);
  return t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload: body.payload, headers: body.headers });
}

async function finished(id: string) {
  await t.app.importRunner.whenIdle();
  return (await t.app.inject({ url: `/api/v1/cdp/imports/${id}`, headers: t.admin.headers })).json().data;
}

const storedPieces = async () =>
  (await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from cdp_import_chunks where tenant_id = ${t.tenantId}`))[0]!.n;

describe('import file storage', () => {
  it('keeps the upload in the database, so the import needs nothing from the host that received it', async () => {
    // Over 1 MB, so the file is stored in several pieces and rows cross the boundaries between them.
    const note = 'n'.repeat(180);
    const lines = Array.from({ length: 5500 }, (_, i) => JSON.stringify({ identifiers: [{ type: 'external_id', value: `stored-${i}` }], traits: { note } }));
    const content = lines.join('\n');
    expect(Buffer.byteLength(content)).toBeGreaterThan(1024 * 1024);

    const res = await ndjsonUpload('people.ndjson', content);
    expect(res.statusCode).toBe(201);
    expect(readdirSync(path.join(dataDir, 'imports'))).toEqual([]);

    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', rows_processed: 5500, rows_ok: 5500, rows_failed: 0, percent: 100 });
    const last = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'external_id', identifier_value: 'stored-5499' } });
    expect(last.json().data.traits).toEqual({ note });
    // Once the import is over, its copy of the file is gone.
    expect(await storedPieces()).toBe(0);
  });

  it('still runs an import queued before files moved into the database, from its file', async () => {
    const file = path.join(dataDir, 'legacy.upload');
    writeFileSync(file, JSON.stringify({ identifiers: [{ type: 'external_id', value: 'legacy-1' }], traits: { from: 'disk' } }));
    const [row] = await t.db.db
      .insert(cdpImports)
      .values({ tenantId: t.tenantId, kind: 'profiles', format: 'ndjson', filename: 'legacy.ndjson', fileSha256: 'a'.repeat(64), filePath: file, fileBytes: 80 })
      .returning();
    t.app.importRunner.kick();
    expect(await finished(row!.id)).toMatchObject({ status: 'completed', rows_ok: 1 });
    expect(existsSync(file)).toBe(false);
  });

  it('removes uploads left behind by a process that died receiving them, and only those', async () => {
    const dir = path.join(dataDir, 'imports');
    mkdirSync(dir, { recursive: true });
    const hourAgo = new Date(Date.now() - 61 * 60_000);
    const file = (name: string, old: boolean) => {
      const at = path.join(dir, name);
      writeFileSync(at, 'email\n');
      if (old) utimesSync(at, hourAgo, hourAgo);
      return at;
    };
    file('abandoned.upload', true);
    file('arriving.upload', false);
    const queued = file('queued-legacy.upload', true);
    file('notes.txt', true);
    await t.db.db.insert(cdpImports).values({
      tenantId: t.tenantId, kind: 'profiles', format: 'csv', filename: 'q.csv', fileSha256: 'b'.repeat(64), filePath: queued, fileBytes: 6, status: 'running',
    });
    expect(await removeAbandonedUploads(t.db.db, dataDir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['arriving.upload', 'notes.txt', 'queued-legacy.upload']);
  });
});
