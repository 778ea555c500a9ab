import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { inScope, platformScope } from '../../../db/scope';

/** An upload is written in one go: one untouched this long belongs to a process that died while receiving it. */
const ABANDONED_AFTER_MS = 60 * 60_000;

/**
 * Removes uploads a process left in `DATA_DIR/imports` when it died (kill -9, a crash) while receiving a file or
 * before storing it in the database: nothing else would, and a 1 GB upload each time adds up. Files an unfinished
 * import still reads (imports from before uploads were stored in the database) stay. Returns how many went.
 */
export async function removeAbandonedUploads(db: Db, dataDir: string, now = Date.now()): Promise<number> {
  const dir = path.join(dataDir, 'imports');
  const names = await readdir(dir).catch(() => [] as string[]);
  const uploads = names.filter((name) => name.endsWith('.upload')).map((name) => path.join(dir, name));
  if (uploads.length === 0) return 0;
  const inUse = await inScope(db, platformScope, (tx) =>
    queryRows<{ file_path: string }>(tx, sql`select file_path from cdp_imports where file_path is not null and status in ('queued', 'running')`),
  );
  const kept = new Set(inUse.map((row) => path.resolve(row.file_path)));
  let removed = 0;
  for (const file of uploads) {
    if (kept.has(path.resolve(file))) continue;
    const info = await stat(file).catch(() => null);
    if (!info || now - info.mtimeMs < ABANDONED_AFTER_MS) continue;
    await rm(file, { force: true });
    removed++;
  }
  return removed;
}
