import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { BenchEvent } from './realistic-events';

/**
 * The reference: the database's own bulk-load speed for the same rows, shaped like stored events
 * (ids, tenant, names, times, JSON properties/context/identifiers), loaded with COPY into a scratch table.
 */
const SCRATCH = `create table if not exists bench_copy_scratch (
  id uuid, tenant_id uuid, event_name text, event_time timestamptz, received_at timestamptz, idempotency_key text,
  properties jsonb, context jsonb, identifiers jsonb, emq_score int)`;

function tsv(events: BenchEvent[]): string {
  const tenant = randomUUID();
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const now = new Date().toISOString();
  return events
    .map((e) =>
      [randomUUID(), tenant, e.event_name, e.event_time, now, e.idempotency_key, JSON.stringify(e.properties), JSON.stringify(e.context), JSON.stringify(e.identifiers), '50']
        .map(esc)
        .join('\t'),
    )
    .join('\n') + '\n';
}

export async function copyRateServer(url: string, events: BenchEvent[]): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(SCRATCH);
    await sql.unsafe('truncate bench_copy_scratch');
    const data = tsv(events);
    const started = performance.now();
    const stream = await sql`copy bench_copy_scratch from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(data);
    });
    const seconds = (performance.now() - started) / 1000;
    await sql.unsafe('drop table bench_copy_scratch');
    return events.length / seconds;
  } finally {
    await sql.end();
  }
}

export async function copyRatePglite(pglite: PGlite, events: BenchEvent[]): Promise<number> {
  await pglite.exec(SCRATCH);
  const data = tsv(events);
  const started = performance.now();
  await pglite.query(`copy bench_copy_scratch from '/dev/blob'`, [], { blob: new Blob([data]) });
  const seconds = (performance.now() - started) / 1000;
  await pglite.exec('drop table bench_copy_scratch');
  return events.length / seconds;
}
