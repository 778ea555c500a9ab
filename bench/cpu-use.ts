import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * How many cores this process and the local PostgreSQL server kept busy over a stretch of a run. With two cores
 * shared by both, it tells what bounds a figure: a process near 1 core is saturated (Node runs our code on one
 * thread), both well below it means the work waits on something else (for one tenant, its identity lock).
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux whatever the kernel's own tick rate

/** CPU seconds used so far by every process named `postgres` (backends and the server's own helpers). */
function postgresSeconds(): number | null {
  let ticks = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null; // not Linux
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    // After the command name: state is field 3, utime and stime are fields 14 and 15.
    const fields = stat.slice(close + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
    found = true;
  }
  return found ? ticks / TICKS_PER_SECOND : null;
}

export interface CpuUse {
  /** Cores this process kept busy: the API, its load generator thread, and PGlite's thread when embedded. */
  process: number;
  /** Cores the PostgreSQL server kept busy, when it runs on this machine (null otherwise). */
  postgres: number | null;
}

/** Starts measuring; the returned function gives the average use since then. */
export function cpuMeter(): () => CpuUse {
  const started = performance.now();
  const processStart = process.cpuUsage();
  const postgresStart = postgresSeconds();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(processStart);
    const postgresNow = postgresSeconds();
    return {
      process: (used.user + used.system) / 1e6 / seconds,
      postgres: postgresStart === null || postgresNow === null ? null : (postgresNow - postgresStart) / seconds,
    };
  };
}

export function describeCpuUse(use: CpuUse, embedded: boolean): string {
  const own = `${use.process.toFixed(2)} cores in this process${embedded ? ' (PGlite included)' : ''}`;
  const server = use.postgres === null ? '' : `, ${use.postgres.toFixed(2)} in PostgreSQL`;
  return `${own}${server}, of ${cpus().length}`;
}
