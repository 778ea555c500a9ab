import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/core/logging';
import { createTestApp, type TestApp } from '../support/test-app';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(chunk.toString());
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    logger: pino(loggerOptions('info'), sink),
    beforeReady: (app) => {
      // A statement that fails on the value it was given, as a defect in a service would.
      app.get('/api/v1/failing-statement', { config: { access: 'public' } }, async () => {
        await t.db.db.execute(sql`select ${'jane.doe@example.com'}::int as n`);
        return { ok: true };
      });
    },
  });
});
afterAll(() => t.close());

describe('a failed statement in the logs', () => {
  it('names the statement and the SQLSTATE, never the values it carried', async () => {
    const res = await t.app.inject({ url: '/api/v1/failing-statement' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('jane.doe');
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'unhandled error');
    expect(logged.err).toMatchObject({ type: 'DrizzleQueryError', message: 'Failed query', query: 'select $1::int as n' });
    // invalid_text_representation, with the value blanked out of the database's message.
    expect(logged.err.cause).toMatchObject({ type: 'DatabaseError', code: '22P02', message: 'invalid input syntax for type integer: "…"' });
    expect(lines.join('')).not.toContain('jane.doe');
  });
});
