import { readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { importsOf } from '../support/imports';
import { multipart } from '../support/multipart';

/** Files as spreadsheets and CRMs really write them: odd headers, old line ends, shifted rows, the same data again. */
const t = appWithTenantAdmin();

const { upload, imported, profileOf, eventsOf } = importsOf(t);

describe('imported files as they come', () => {
  it('reads a header with a quote in a name, and an old Mac file (CR line ends) with a stray quote, as the rows are read', async () => {
    const quoted = await imported(
      { kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email', 'Name "nick"': 'traits.nick' }) },
      { name: 'q.csv', content: 'email,Name "nick"\nquote-header@shapes.test,Ace\n' },
    );
    expect(quoted).toMatchObject({ status: 'completed', rows_ok: 1 });
    expect((await profileOf('quote-header@shapes.test')).traits).toMatchObject({ nick: 'Ace' });

    const mac = await imported(
      { kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email', product: 'traits.product' }) },
      { name: 'mac.csv', content: 'email,product\rcr-1@shapes.test,Samsung 55" TV\rcr-2@shapes.test,Other\r' },
    );
    expect(mac).toMatchObject({ status: 'completed', rows_ok: 2 });
    expect((await profileOf('cr-1@shapes.test')).traits).toMatchObject({ product: 'Samsung 55" TV' });
  });

  it('refuses a header naming a column twice, and a row with more cells than the header or past 32 KB', async () => {
    const twice = await upload({ kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email' }) }, { name: 'd.csv', content: 'email,name,name\nd@shapes.test,First,Second\n' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0]).toMatchObject({ field: 'file', code: 'duplicate_columns', message: expect.stringContaining('"name"') });

    const job = await imported(
      { kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email', name: 'traits.name', plan: 'traits.plan' }) },
      { name: 'shifted.csv', content: `email,name,plan\nshift-1@shapes.test,"Smith, Jane",gold\nshift-2@shapes.test,Smith, John,gold\nbig@shapes.test,${'x'.repeat(40 * 1024)},gold\nshort@shapes.test,Short\n` },
    );
    expect(job).toMatchObject({ status: 'completed', rows_ok: 2, rows_failed: 2 });
    expect(job.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([
      [2, '4 cells where the header names 3: a cell holding a comma must be quoted'],
      [3, 'the row holds more than 32 KB'],
    ]);
    expect((await profileOf('shift-1@shapes.test')).traits).toMatchObject({ name: 'Smith, Jane', plan: 'gold' });
    expect((await profileOf('short@shapes.test')).traits).toEqual({ name: 'Short' });
  });

  it('fails a row whose quote is never closed on its own, and reads the rows after it as rows', async () => {
    const content = [
      'email,event,time,note',
      'open-quote@shapes.test,Visit,2026-11-01T10:00:00Z,"broken',
      ...Array.from({ length: 5 }, (_, i) => `after-quote-${i}@shapes.test,Visit,2026-11-01T10:00:00Z,plain`),
      'quoted-after@shapes.test,Visit,2026-11-01T10:00:00Z,"ok, quoted"',
      'last-1@shapes.test,Visit,2026-11-01T10:00:00Z,plain',
      'last-2@shapes.test,Visit,2026-11-01T10:00:00Z,plain',
    ].join('\n');
    const job = await imported({ kind: 'events', mapping: JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time', note: 'properties.note' }) }, { name: 'quote.csv', content });
    // Every row of the file counted: csv-parse took the six rows up to the next quote into the broken cell.
    expect(job).toMatchObject({ status: 'completed', rows_processed: 9, rows_ok: 8, rows_failed: 1 });
    expect(job.errors).toEqual([{ row: 1, message: 'a quote opened in this row is never closed; the lines after it are read as rows of their own', code: 'unreadable' }]);
    expect((await eventsOf('quoted-after@shapes.test'))[0].properties).toEqual({ note: 'ok, quoted' });
    expect(await eventsOf('after-quote-0@shapes.test')).toHaveLength(1);
  });

  it('leaves out columns without a name (a spreadsheet\'s trailing separators) instead of refusing the header', async () => {
    const job = await imported(
      { kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email', name: 'traits.name' }) },
      { name: 'trailing.csv', content: 'email,name,,\ntrailing@shapes.test,Trail,,\nunnamed@shapes.test,Cell,,kept out\n' },
    );
    expect(job).toMatchObject({ status: 'completed', rows_ok: 2, rows_failed: 0 });
    expect((await profileOf('unnamed@shapes.test')).traits).toEqual({ name: 'Cell' });
  });

  it('reads the consent words of CRM exports: subscribed, unsubscribed, opted in, opted out', async () => {
    const job = await imported(
      { kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email', news: 'consent.email' }) },
      { name: 'crm.csv', content: 'email,news\nsub@shapes.test,Subscribed\nunsub@shapes.test,UNSUBSCRIBED\nin@shapes.test,Opted In\nout@shapes.test,opted-out\n' },
    );
    expect(job).toMatchObject({ status: 'completed', rows_ok: 4, rows_failed: 0 });
    const granted = async (email: string) => (await profileOf(email)).consents.find((c: { consent_type: string }) => c.consent_type === 'email')?.granted;
    expect([await granted('sub@shapes.test'), await granted('unsub@shapes.test'), await granted('in@shapes.test'), await granted('out@shapes.test')]).toEqual([true, false, true, false]);
  });

  it('adds nothing for the same rows again in another file: gzipped, or saved with other line ends', async () => {
    const mapping = JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time', total: 'properties.total' });
    const lines = ['email,event,time,total', 'again@shapes.test,Order Completed,2026-10-01T10:00:00Z,100', 'again@shapes.test,Order Completed,2026-10-02T10:00:00Z,50'];
    expect(await imported({ kind: 'events', mapping }, { name: 'orders.csv', content: `${lines.join('\n')}\n` })).toMatchObject({ rows_ok: 2, rows_duplicate: 0 });
    expect(await imported({ kind: 'events', mapping }, { name: 'orders.csv.gz', content: gzipSync(`${lines.join('\n')}\n`) })).toMatchObject({ status: 'completed', rows_duplicate: 2 });
    expect(await imported({ kind: 'events', mapping }, { name: 'orders-win.csv', content: `${lines.join('\r\n')}\r\n` })).toMatchObject({ status: 'completed', rows_duplicate: 2 });
    expect(await profileOf('again@shapes.test')).toMatchObject({ total_events: 2, total_revenue: 150 });
  });

  it("reads a time without an offset on the tenant's clock, epoch seconds as such, and refuses day/month guesses", async () => {
    const settings = (await t.app.inject({ url: '/api/v1/cdp/settings', headers: t.admin.headers })).json().data;
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/cdp/settings', headers: t.admin.headers, payload: { ...settings, timezone: 'Asia/Dubai' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const job = await imported(
      { kind: 'events', mapping: JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time' }) },
      { name: 'times.csv', content: 'email,event,time\ntime@shapes.test,Local,2026-01-05 10:00\ntime@shapes.test,Epoch,1767866400\ntime@shapes.test,Guess,05/01/2026\n' },
    );
    expect(job).toMatchObject({ rows_ok: 2, rows_failed: 1 });
    expect(job.errors[0].message).toMatch(/^time: not a date \(05\/01\/2026\); use ISO 8601/);
    const times = Object.fromEntries((await eventsOf('time@shapes.test')).map((e: { event_name: string; event_time: string }) => [e.event_name, e.event_time]));
    expect(times).toEqual({ Local: '2026-01-05T06:00:00.000Z', Epoch: '2026-01-08T10:00:00.000Z' });

    // An NDJSON file without a mapping is read the same.
    const event = (name: string, time: unknown) => JSON.stringify({ event_name: name, event_time: time, identifiers: [{ type: 'email', value: 'nd-time@shapes.test' }] });
    const nd = await imported({ kind: 'events' }, { name: 'times.ndjson', content: [event('Local', '2026-11-01T10:00:00'), event('Epoch', 1762000000), event('Guess', '05/01/2026')].join('\n') });
    expect(nd).toMatchObject({ rows_ok: 2, rows_failed: 1, errors: [{ row: 3, message: expect.stringMatching(/^event_time: not a date \(05\/01\/2026\); use ISO 8601/) }] });
    const ndTimes = Object.fromEntries((await eventsOf('nd-time@shapes.test')).map((e: { event_name: string; event_time: string }) => [e.event_name, e.event_time]));
    expect(ndTimes).toEqual({ Local: '2026-11-01T06:00:00.000Z', Epoch: '2025-11-01T12:26:40.000Z' });
  });

  it('reports what the pipeline noted on a row it took: revenue it could not count', async () => {
    const job = await imported(
      { kind: 'events', mapping: JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time', total: 'properties.total', currency: 'properties.currency' }) },
      { name: 'eur.csv', content: 'email,event,time,total,currency\neur@shapes.test,Purchase,2026-10-01T10:00:00Z,100,EUR\neur@shapes.test,Purchase,2026-10-02T10:00:00Z,"1,250.50",\n' },
    );
    expect(job).toMatchObject({ status: 'completed', rows_ok: 2, rows_failed: 0 });
    // Listed as notes on imported rows, not as failures (the console counts and shows them apart).
    expect(job.errors.map((e: { row: number; message: string; imported?: boolean }) => [e.row, e.message, e.imported])).toEqual([
      [1, expect.stringMatching(/^revenue not counted: no rate from EUR/), true],
      [2, expect.stringMatching(/^revenue not counted: total is not a number/), true],
    ]);
  });

  it('leaves no stored upload behind when a part after the file is refused', async () => {
    const folder = path.join(t.config.dataDir, 'imports');
    const uploads = () => readdirSync(folder).filter((name) => name.endsWith('.upload'));
    const before = uploads().length;
    const fields = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`extra${i}`, 'x']));
    const body = multipart({}, { name: 'a.csv', content: 'email\nleft@shapes.test\n' }, t.admin);
    // The file first, then more fields than the form allows.
    const extra = multipart(fields, undefined, t.admin);
    const boundary = /boundary=(.+)$/.exec(body.headers['content-type'])![1]!;
    const extraBoundary = /boundary=(.+)$/.exec(extra.headers['content-type'])![1]!;
    const payload = String(body.payload).replace(`--${boundary}--\r\n`, '') + String(extra.payload).replaceAll(extraBoundary, boundary);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload, headers: body.headers });
    expect(res.statusCode).toBe(413);
    expect(uploads().length).toBe(before);
  });
});
