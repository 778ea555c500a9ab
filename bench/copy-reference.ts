import { randomUUID } from 'node:crypto';
import type { EmbeddedQueryable } from '../backend/src/db/embedded-client';
import postgres from 'postgres';
import type { BenchEvent } from './realistic-events';
import { median } from './stats';

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

/**
 * The reference is loaded REFERENCE_RUNS times into a fresh scratch table and the median rate kept: one load takes
 * well under a second, so on a shared machine a single figure swings by a third between runs.
 */
export const REFERENCE_RUNS = 3;

export async function copyRateServer(url: string, events: BenchEvent[]): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const data = tsv(events);
    const rates: number[] = [];
    for (let run = 0; run < REFERENCE_RUNS; run++) {
      await sql.unsafe('drop table if exists bench_copy_scratch');
      await sql.unsafe(SCRATCH);
      const started = performance.now();
      const stream = await sql`copy bench_copy_scratch from stdin`.writable();
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('finish', resolve);
        stream.end(data);
      });
      rates.push(events.length / ((performance.now() - started) / 1000));
    }
    await sql.unsafe('drop table bench_copy_scratch');
    return median(rates);
  } finally {
    await sql.end();
  }
}

export async function copyRatePglite(pglite: EmbeddedQueryable, events: BenchEvent[]): Promise<number> {
  const data = tsv(events);
  const rates: number[] = [];
  for (let run = 0; run < REFERENCE_RUNS; run++) {
    await pglite.exec('drop table if exists bench_copy_scratch');
    await pglite.exec(SCRATCH);
    const started = performance.now();
    await pglite.query(`copy bench_copy_scratch from '/dev/blob'`, [], { blob: new Blob([data]) });
    rates.push(events.length / ((performance.now() - started) / 1000));
  }
  await pglite.exec('drop table bench_copy_scratch');
  return median(rates);
}
