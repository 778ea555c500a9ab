import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { importsOf } from '../support/imports';

/** The same rows imported again, as people do: re-saved, re-exported with other columns, re-mapped. */
const t = appWithTenantAdmin();

const { imported, profileOf, eventsOf } = importsOf(t);

describe('an import of rows imported before', () => {
  it('adds nothing for a file saved again with CRLF line ends, line ends inside quoted cells included', async () => {
    const mapping = JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time', note: 'properties.note' });
    const lines = ['email,event,time,note', 'multiline@reruns.test,Call,2026-11-01T10:00:00Z,"first line', 'second line"', 'single@reruns.test,Call,2026-11-01T11:00:00Z,one line'];
    expect(await imported({ kind: 'events', mapping }, { name: 'calls.csv', content: `${lines.join('\n')}\n` })).toMatchObject({ rows_ok: 2, rows_duplicate: 0 });
    expect(await imported({ kind: 'events', mapping }, { name: 'calls-win.csv', content: `${lines.join('\r\n')}\r\n` })).toMatchObject({ status: 'completed', rows_ok: 2, rows_duplicate: 2 });
    // Stored as read: the cell's line end is LF, whichever system saved the file.
    const [call] = await eventsOf('multiline@reruns.test');
    expect(call.properties).toEqual({ note: 'first line\nsecond line' });
  });

  it('adds nothing for the same rows with the columns in another order, or beside a column the mapping leaves out', async () => {
    const mapping = JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time', total: 'properties.total' });
    const first = await imported({ kind: 'events', mapping }, { name: 'orders.csv', content: 'email,event,time,total\norder@reruns.test,Purchase,2026-11-01T10:00:00Z,40\norder@reruns.test,Purchase,2026-11-02T10:00:00Z,60\n' });
    expect(first).toMatchObject({ rows_ok: 2, rows_duplicate: 0 });
    // Mapped in the console, the mapping follows the file's columns too.
    const reordered = await imported(
      { kind: 'events', mapping: JSON.stringify({ total: 'properties.total', time: 'event_time', email: 'identifier.email', event: 'event_name' }) },
      { name: 'orders-export.csv', content: 'total,time,store,email,event\n60,2026-11-02T10:00:00Z,Mall,order@reruns.test,Purchase\n40,2026-11-01T10:00:00Z,Online,order@reruns.test,Purchase\n' },
    );
    expect(reordered).toMatchObject({ status: 'completed', rows_ok: 2, rows_duplicate: 2 });
    // A column the mapping sends to `ignore` is left out as well.
    const ignored = await imported(
      { kind: 'events', mapping: JSON.stringify({ email: 'identifier.email', event: 'event_name', time: 'event_time', total: 'properties.total', store: 'ignore' }) },
      { name: 'orders-ignored.csv', content: 'email,event,time,total,store\norder@reruns.test,Purchase,2026-11-01T10:00:00Z,40,Online\n' },
    );
    expect(ignored).toMatchObject({ rows_ok: 1, rows_duplicate: 1 });
    expect(await profileOf('order@reruns.test')).toMatchObject({ total_events: 2, total_revenue: 100 });

    // An NDJSON row's fields, in another order too.
    const identifiers = [{ type: 'email', value: 'order@reruns.test' }];
    const line = JSON.stringify({ event_name: 'Refund', event_time: '2026-11-03T10:00:00Z', identifiers, properties: { total: 10, reason: 'size' } });
    expect(await imported({ kind: 'events' }, { name: 'refunds.ndjson', content: line })).toMatchObject({ rows_ok: 1, rows_duplicate: 0 });
    const reorderedLine = JSON.stringify({ properties: { reason: 'size', total: 10 }, identifiers, event_time: '2026-11-03T10:00:00Z', event_name: 'Refund' });
    expect(await imported({ kind: 'events' }, { name: 'refunds-again.ndjson', content: reorderedLine })).toMatchObject({ rows_ok: 1, rows_duplicate: 1 });
  });

  it('applies a corrected mapping to the same file, and adds nothing for the same file and mapping again', async () => {
    const content = 'email,first_name\nremapped@reruns.test,Alice\n';
    const wrong = await imported({ kind: 'profiles', mapping: JSON.stringify({ email: 'identifier.email', first_name: 'traits.last_name' }) }, { name: 'people.csv', content });
    expect(wrong).toMatchObject({ status: 'completed', rows_ok: 1, rows_duplicate: 0 });

    const mapping = JSON.stringify({ email: 'identifier.email', first_name: 'traits.first_name' });
    expect(await imported({ kind: 'profiles', mapping }, { name: 'people.csv', content })).toMatchObject({ status: 'completed', rows_ok: 1, rows_duplicate: 0 });
    expect((await profileOf('remapped@reruns.test')).traits).toMatchObject({ first_name: 'Alice' });

    // The same file and mapping: answered as a duplicate of the import; the same rows in another file: already present.
    expect(await imported({ kind: 'profiles', mapping }, { name: 'people.csv', content })).toMatchObject({ status: 'duplicate' });
    expect(await imported({ kind: 'profiles', mapping }, { name: 'people-copy.csv', content: `${content}\n` })).toMatchObject({ status: 'completed', rows_ok: 1, rows_duplicate: 1 });
  });
});
