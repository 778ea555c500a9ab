import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { multipart } from '../support/multipart';

const t = appWithTenantAdmin();

const upload = (fields: Record<string, string>, name: string, content: string) => {
  const body = multipart(fields, { name, content }, t.admin);
  return t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload: body.payload, headers: body.headers });
};

// Cells as spreadsheets export them, and as they break: quotes, separators, line ends, odd characters.
const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', '"', '""', 'a,b', '"quoted, with comma"', 'line\nbreak', '\r\n', 'x@y.co', '+971501234567', '2026-01-02T03:04:05Z', '12.5', 'yes', '\u0000', '\ufeff'),
);
const csv = fc
  .array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 12 })
  .map((rows) => ['Email,Event,When,Total', ...rows.map((r) => r.join(','))].join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0]));
const mapping = JSON.stringify({ Email: 'identifier.email', Event: 'event_name', When: 'event_time', Total: 'properties.total' });

/** Uploads a file: refused with a 4xx, or imported to completion with each row counted as imported or failed. */
async function expectEveryRowCounted(fields: Record<string, string>, name: string, content: string) {
  const res = await upload(fields, name, content);
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode !== 201) return;
  await t.app.importRunner.whenIdle();
  const job = (await t.app.inject({ url: `/api/v1/cdp/imports/${res.json().data.id}`, headers: t.admin.headers })).json().data;
  if (job.status === 'duplicate') return;
  expect(job.status, JSON.stringify(job)).toBe('completed');
  expect(job.rows_ok + job.rows_failed).toBe(job.rows_processed);
}

describe('untrusted import files', () => {
  it('finish with every row counted as imported or failed, whatever the CSV holds', async () => {
    await fc.assert(
      fc.asyncProperty(csv, async (content) => {
        await expectEveryRowCounted({ kind: 'events', mapping }, 'fuzz.csv', content);
      }),
      { numRuns: 50 },
    );
  });

  it('finish with every line counted, whatever the NDJSON holds', async () => {
    const line = fc.oneof(fc.json(), fc.string({ maxLength: 20 }), fc.constantFrom('{', '[]', 'null', '{"identifiers":[{"type":"email","value":"a@b.co"}]}', '{"identifiers":"x"}'));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 10 }), async (lines) => {
        await expectEveryRowCounted({ kind: 'profiles' }, 'fuzz.ndjson', lines.join('\n'));
      }),
      { numRuns: 50 },
    );
  });
});
