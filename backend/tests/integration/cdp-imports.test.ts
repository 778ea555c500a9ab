import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { tenantWithAdmin, type Session } from '../support/factories';
import { multipart } from '../support/multipart';

const t = appWithTenantAdmin();

async function upload(fields: Record<string, string>, file?: { name: string; content: string | Buffer }, as: Session = t.admin) {
  const body = multipart(fields, file, as);
  return t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload: body.payload, headers: body.headers });
}

async function finished(id: string) {
  await t.app.importRunner.whenIdle();
  return (await t.app.inject({ url: `/api/v1/cdp/imports/${id}`, headers: t.admin.headers })).json().data;
}

const CSV = [
  'Email,Customer ID,Event,When,Amount,Newsletter',
  'ana@import.test,C-1,Order Completed,2026-10-01T10:00:00Z,120.50,yes',
  'ben@import.test,C-2,Order Completed,2026-10-02T11:00:00Z,80,no',
  'not-an-email,C-3,Order Completed,2026-10-03T12:00:00Z,10,yes',
  'dan@import.test,C-4,Order Completed,yesterday-ish,5,yes',
  '"eve@import.test","C-5","Order, Completed",2026-10-04T09:00:00Z,42,maybe',
].join('\n');
const MAPPING = JSON.stringify({
  Email: 'identifier.email',
  'Customer ID': 'identifier.external_id',
  Event: 'event_name',
  When: 'event_time',
  Amount: 'properties.total',
  Newsletter: 'consent.email',
});

describe('file imports', () => {
  it('imports a CSV with a column mapping, reports each bad row, and a re-run of the same file adds nothing', async () => {
    const res = await upload({ kind: 'events', mapping: MAPPING }, { name: 'orders.csv', content: CSV });
    expect(res.statusCode).toBe(201);
    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', percent: 100, rows_processed: 5, rows_ok: 3, rows_failed: 2 });
    expect(job.errors).toEqual([
      // Taken by its customer id, with the email it could not use noted.
      { row: 3, message: 'email: invalid email', imported: true },
      { row: 4, message: expect.stringMatching(/When: not a date/), code: 'invalid_field' },
      { row: 5, message: expect.stringMatching(/Newsletter: not a yes\/no/), code: 'invalid_field' },
    ]);
    // Row 3's email is invalid but its customer id still places the order.
    const lookup = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'email', identifier_value: 'ana@import.test' } });
    expect(lookup.json().data).toMatchObject({ lifecycle_stage: 'customer', total_revenue: 120.5 });
    expect(lookup.json().data.consents[0]).toMatchObject({ consent_type: 'email', granted: true });

    const again = await upload({ kind: 'events', mapping: MAPPING }, { name: 'orders-copy.csv', content: CSV });
    expect(again.json().data).toMatchObject({ status: 'duplicate', duplicate_of: job.id, percent: 100 });
    const events = (await t.app.inject({ url: '/api/v1/cdp/events?event_name=Order%20Completed', headers: t.admin.headers })).json().data;
    expect(events.total).toBe(3);
  });

  it('counts a CSV record it cannot read as a failed row, in its place, and imports the rows around it', async () => {
    const content = [
      'Email,Event,When',
      'first@broken.test,Signup,2026-10-01T10:00:00Z',
      '"quoted@broken.test" extra,Signup,2026-10-01T11:00:00Z',
      'nul@broken.test,Signup,\u0000',
      'last@broken.test ,Signup,2026-10-02T10:00:00Z',
      '"never closed,Signup,2026-10-03T10:00:00Z',
      'after-open-quote@broken.test,Signup,2026-10-04T10:00:00Z',
    ].join('\n');
    const res = await upload({ kind: 'events', mapping: JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time' }) }, { name: 'broken.csv', content });
    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', rows_processed: 6, rows_ok: 3, rows_failed: 3 });
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 5]);
    expect(job.errors[1].message).toMatch(/^When: not a date \(\); use ISO 8601/);
    // The quote opened at the end fails its own row: the row after it is not taken into its cell.
    expect(job.errors[2]).toMatchObject({ message: expect.stringMatching(/^a quote opened in this row is never closed/), code: 'unreadable' });
  });

  it('imports NDJSON profiles and events, reporting unreadable lines', async () => {
    const profiles = [
      JSON.stringify({ identifiers: [{ type: 'email', value: 'zed@import.test' }], traits: { tier: 'gold' } }),
      '{broken',
      JSON.stringify({ identifiers: [{ type: 'phone', value: '0501112233' }], traits: { tier: 'silver' } }),
    ].join('\n');
    const res = await upload({ kind: 'profiles' }, { name: 'people.ndjson', content: profiles });
    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', rows_ok: 2, rows_failed: 1, errors: [{ row: 2, message: 'not valid JSON' }] });
    const zed = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'email', identifier_value: 'zed@import.test' } });
    expect(zed.json().data.traits).toEqual({ tier: 'gold' });
  });

  it('reads an NDJSON file that starts with a byte order mark and ends its lines with CRLF', async () => {
    const lines = ['bom-1@import.test', 'bom-2@import.test'].map((value) => JSON.stringify({ identifiers: [{ type: 'email', value }] }));
    const res = await upload({ kind: 'profiles' }, { name: 'bom.ndjson', content: `\ufeff${lines.join('\r\n')}\r\n` });
    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', rows_processed: 2, rows_ok: 2, rows_failed: 0, errors: [] });
  });

  it('matches the mapping to header names written with spaces around them, as the console shows them', async () => {
    const content = ['Email, Event , When', 'spaced@import.test, Signup, 2026-10-01T10:00:00Z'].join('\r\n');
    const res = await upload({ kind: 'events', mapping: JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time' }) }, { name: 'spaced.csv', content });
    expect(res.statusCode, res.body).toBe(201);
    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', rows_processed: 1, rows_ok: 1, rows_failed: 0 });
  });

  it('reads files separated by semicolons (spreadsheets in comma-decimal locales) or tabs, as the console previews them', async () => {
    const mapping = JSON.stringify({ 'E-Mail': 'identifier.email', Ereignis: 'event_name', Zeit: 'event_time', Notiz: 'properties.note' });
    const semicolons = ['E-Mail;Ereignis;Zeit;Notiz', 'anna@import.test;Kauf;2026-10-01T10:00:00Z;12,50', 'bernd@import.test;Kauf;2026-10-02T10:00:00Z;"online; Gutschein"'].join('\r\n');
    const res = await upload({ kind: 'events', mapping }, { name: 'export.csv', content: semicolons });
    expect(res.statusCode, res.body).toBe(201);
    expect(await finished(res.json().data.id)).toMatchObject({ status: 'completed', rows_processed: 2, rows_ok: 2, rows_failed: 0 });
    const lookup = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'email', identifier_value: 'bernd@import.test' } });
    const [event] = (await t.app.inject({ url: `/api/v1/cdp/profiles/${lookup.json().data.id}/events`, headers: t.admin.headers })).json().data.items;
    expect(event).toMatchObject({ event_name: 'Kauf', properties: { note: 'online; Gutschein' } });

    const tabs = ['E-Mail\tEreignis\tZeit\tNotiz', 'carla@import.test\tKauf\t2026-10-03T10:00:00Z\tx'].join('\n');
    const tabbed = await upload({ kind: 'events', mapping }, { name: 'export.csv', content: tabs });
    expect(tabbed.statusCode, tabbed.body).toBe(201);
    expect(await finished(tabbed.json().data.id)).toMatchObject({ status: 'completed', rows_processed: 1, rows_ok: 1, rows_failed: 0 });
  });

  it('refuses a file that is not UTF-8 (Excel\'s plain CSV on Arabic Windows), and a row further on that is not, instead of storing them garbled', async () => {
    // "الاسم,Email…" and "محمد" in Windows-1256, as Excel saves a plain CSV there.
    const cp1256 = Buffer.concat([Buffer.from([0xc7, 0xe1, 0xc7, 0xd3, 0xe3]), Buffer.from(',Email,Event,When\n'), Buffer.from([0xe3, 0xcd, 0xe3, 0xcf]), Buffer.from(',m@import.test,Signup,2026-10-01T10:00:00Z\n')]);
    const mapping = JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time' });
    const refused = await upload({ kind: 'events', mapping }, { name: 'arabic.csv', content: cp1256 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'file', code: 'not_utf8', message: expect.stringMatching(/CSV UTF-8/) });
    // UTF-16 without its byte order mark: every other byte NUL, valid UTF-8 byte by byte.
    const utf16 = await upload({ kind: 'events', mapping }, { name: 'unicode.csv', content: Buffer.from('Email,Event,When\nu@import.test,Signup,2026-10-01\n', 'utf16le') });
    expect(utf16.json().errors[0]).toMatchObject({ field: 'file', code: 'not_utf8' });

    // UTF-8 for its first 64 KB (what is checked on upload), then one row in Windows-1256.
    const rows = Array.from({ length: 1200 }, (_, i) => `utf8-${i}@import.test,Signup,2026-10-01T10:00:00Z,مرحبا ${'x'.repeat(40)}`);
    const mixed = Buffer.concat([Buffer.from(['Email,Event,When,Note', ...rows, ''].join('\n')), Buffer.from('late@import.test,Signup,2026-10-01T10:00:00Z,'), Buffer.from([0xe3, 0xcd, 0xe3, 0xcf]), Buffer.from('\n')]);
    expect(mixed.length).toBeGreaterThan(64 * 1024);
    const res = await upload({ kind: 'events', mapping: JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time', Note: 'properties.note' }) }, { name: 'mixed.csv', content: mixed });
    expect(res.statusCode, res.body).toBe(201);
    const job = await finished(res.json().data.id);
    expect(job).toMatchObject({ status: 'completed', rows_processed: 1201, rows_ok: 1200, rows_failed: 1 });
    expect(job.errors).toEqual([{ row: 1201, message: 'not UTF-8 text (the file mixes encodings)', code: 'unreadable' }]);
  });

  it('reads gzip-compressed CSV and NDJSON files, and fails one whose compressed data breaks off, keeping the rows before', async () => {
    const mapping = JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time', Note: 'properties.note' });
    // Random notes compress poorly: the file is larger than the 64 KB read on upload.
    const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}-${i}@import.test,Signup,2026-10-01T10:00:00Z,${randomBytes(24).toString('hex')}`);
    const csv = gzipSync(['Email,Event,When,Note', ...rows(3000, 'gz'), ''].join('\n'));
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const res = await upload({ kind: 'events', mapping }, { name: 'contacts.csv.gz', content: csv });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ format: 'csv' });
    expect(await finished(res.json().data.id)).toMatchObject({ status: 'completed', percent: 100, rows_processed: 3000, rows_ok: 3000, rows_failed: 0 });

    const ndjson = gzipSync(`${JSON.stringify({ event_name: 'Signup', event_time: '2026-10-01T10:00:00Z', identifiers: [{ type: 'email', value: 'gz-nd@import.test' }] })}\n`);
    const nd = await upload({ kind: 'events' }, { name: 'events.ndjson.gz', content: ndjson });
    expect(nd.statusCode, nd.body).toBe(201);
    expect(await finished(nd.json().data.id)).toMatchObject({ status: 'completed', rows_processed: 1, rows_ok: 1 });

    // Cut short past the first chunks: the import stops there with a reason, and what it took stays.
    const cut = gzipSync(['Email,Event,When,Note', ...rows(6000, 'cut'), ''].join('\n'));
    const broken = await upload({ kind: 'events', mapping }, { name: 'cut.csv.gz', content: cut.subarray(0, Math.floor(cut.length * 0.6)) });
    expect(broken.statusCode, broken.body).toBe(201);
    const job = await finished(broken.json().data.id);
    expect(job).toMatchObject({ status: 'failed', failure_reason: expect.stringMatching(/compressed file is broken or cut short/) });
    expect(job.rows_ok).toBeGreaterThanOrEqual(1000);
    // Every complete row read before the break is kept, not only the chunks saved before it (at most the last,
    // cut in the middle, fails).
    expect(job.rows_processed % 1000).not.toBe(0);
    expect(job.rows_ok).toBeGreaterThanOrEqual(job.rows_processed - 1);

    const notGzip = await upload({ kind: 'events', mapping }, { name: 'fake.csv.gz', content: Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really')]) });
    expect(notGzip.statusCode).toBe(422);
    expect(notGzip.json().errors[0]).toMatchObject({ field: 'file', code: 'invalid_gzip' });
    // A small file read whole on upload is refused when its gzip data is cut short or garbled, not read as an empty
    // file or as a header cut in the middle.
    const small = gzipSync('Email,Event,When,Note\nsmall@import.test,Signup,2026-10-01T10:00:00Z,x\n');
    for (const content of [small.subarray(0, Math.floor(small.length / 2)), Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('garbage')])]) {
      const refused = await upload({ kind: 'events', mapping }, { name: 'small.csv.gz', content });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors[0]).toMatchObject({ field: 'file', code: 'invalid_gzip' });
    }
  });

  it('runs the same file again with a corrected mapping, adding only the rows the first run refused', async () => {
    const content = ['Email,Event,When', 'remap-1@import.test,Signup,2026-10-01T10:00:00Z', 'remap-2@import.test,Signup,2026-10-01T11:00:00Z'].join('\n');
    // Event and When swapped: every row fails on its date.
    const wrong = await upload({ kind: 'events', mapping: JSON.stringify({ Email: 'identifier.email', When: 'event_name', Event: 'event_time' }) }, { name: 'remap.csv', content });
    expect(await finished(wrong.json().data.id)).toMatchObject({ status: 'completed', rows_ok: 0, rows_failed: 2 });

    const mapping = JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time' });
    const fixed = await upload({ kind: 'events', mapping }, { name: 'remap.csv', content });
    expect(fixed.json().data.status).toBe('queued');
    expect(await finished(fixed.json().data.id)).toMatchObject({ status: 'completed', rows_ok: 2, rows_failed: 0 });
    // The same file with the same mapping once more: a duplicate, nothing added.
    const again = await upload({ kind: 'events', mapping }, { name: 'remap.csv', content });
    expect(again.json().data).toMatchObject({ status: 'duplicate', duplicate_of: fixed.json().data.id });
    const lookup = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'email', identifier_value: 'remap-1@import.test' } });
    expect(lookup.json().data.total_events).toBe(1);
  });

  it('counts rows whose event was already stored (a repeated key) apart', async () => {
    const content = ['Email,Event,When,Key', 'dup-a@import.test,Signup,2026-10-01T10:00:00Z,k-1', 'dup-b@import.test,Signup,2026-10-01T11:00:00Z,k-2', 'dup-a@import.test,Signup,2026-10-01T10:00:00Z,k-1'].join('\n');
    const mapping = JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time', Key: 'idempotency_key' });
    const res = await upload({ kind: 'events', mapping }, { name: 'repeated.csv', content });
    expect(await finished(res.json().data.id)).toMatchObject({ status: 'completed', rows_processed: 3, rows_ok: 3, rows_duplicate: 1, rows_failed: 0 });
    const lookup = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'email', identifier_value: 'dup-a@import.test' } });
    expect(lookup.json().data.total_events).toBe(1);
  });

  it('refuses a bad upload with a clear 4xx and keeps nothing', async () => {
    expect((await upload({ kind: 'events', mapping: MAPPING })).statusCode).toBe(422);
    expect((await upload({ kind: 'events' }, { name: 'orders.csv', content: CSV })).json().errors[0]).toMatchObject({ field: 'mapping', code: 'required' });
    const unknownColumn = await upload({ kind: 'events', mapping: JSON.stringify({ Mail: 'identifier.email', Event: 'event_name' }) }, { name: 'orders.csv', content: CSV });
    expect(unknownColumn.statusCode).toBe(422);
    expect(unknownColumn.json().errors[0].message).toMatch(/Mail/);
    const noTime = await upload({ kind: 'events', mapping: JSON.stringify({ Email: 'identifier.email', Event: 'event_name' }) }, { name: 'orders.csv', content: CSV });
    expect(noTime.statusCode).toBe(422);
    expect(noTime.json().errors[0]).toMatchObject({ field: 'mapping', code: 'no_event_time' });
    expect((await upload({ kind: 'events', mapping: JSON.stringify({ Email: 'somewhere' }) }, { name: 'orders.csv', content: CSV })).statusCode).toBe(422);
    expect((await upload({ kind: 'events' }, { name: 'orders.xlsx', content: 'x' })).statusCode).toBe(422);
    expect((await upload({ kind: 'people' }, { name: 'orders.csv', content: CSV })).statusCode).toBe(422);
    const list = (await t.app.inject({ url: '/api/v1/cdp/imports', headers: t.admin.headers })).json().data;
    // (The cut gzip file above failed on purpose, once running.)
    const others = list.items.filter((i: { filename: string }) => i.filename !== 'cut.csv.gz');
    expect(others.every((i: { status: string }) => ['completed', 'duplicate'].includes(i.status))).toBe(true);
    const notMultipart = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', headers: t.admin.headers, payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
  });

  it('refuses a source_id that is not an id with a 422, not a server error', async () => {
    const res = await upload({ kind: 'profiles', source_id: 'not-a-uuid' }, { name: 'people.ndjson', content: JSON.stringify({ identifiers: [{ type: 'email', value: 'src@import.test' }] }) });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'source_id', code: 'invalid_id' });
  });

  it('lists the tenant\'s imports a page at a time, newest first', async () => {
    // A tenant of its own, so the totals count only this test's imports (and prove the list is tenant-scoped).
    const { session: own } = await tenantWithAdmin(t.app, t.db.db);
    const names = ['first', 'second', 'third', 'fourth', 'fifth'].map((n) => `${n}.ndjson`);
    for (const [i, name] of names.entries()) {
      const line = JSON.stringify({ identifiers: [{ type: 'external_id', value: `page-${i}` }] });
      expect((await upload({ kind: 'profiles' }, { name, content: line }, own)).statusCode).toBe(201);
    }
    await t.app.importRunner.whenIdle();
    const list = async (query: string) => t.app.inject({ url: `/api/v1/cdp/imports${query}`, headers: own.headers });

    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await list(`?page=${page}&page_size=2`);
      expect(res.statusCode).toBe(200);
      const data = res.json().data;
      expect(data).toMatchObject({ total: 5, page, page_size: 2 });
      pages.push(data.items.map((i: { filename: string }) => i.filename));
    }
    expect(pages).toEqual([
      ['fifth.ndjson', 'fourth.ndjson'],
      ['third.ndjson', 'second.ndjson'],
      ['first.ndjson'],
    ]);
    expect((await list('?page=4&page_size=2')).json().data).toEqual({ items: [], total: 5, page: 4, page_size: 2 });
    // Without a query: the first page of 20.
    expect((await list('')).json().data).toMatchObject({ total: 5, page: 1, page_size: 20 });

    const tooBig = await list('?page_size=101');
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json().errors[0]).toMatchObject({ field: 'page_size' });
    expect((await list('?page=0')).statusCode).toBe(422);
  });
});
