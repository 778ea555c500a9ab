import { rm } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import type { CdpImport, ImportMapping, RejectionCode } from '@stratum/contracts';
import type { AppConfig } from '../../../core/config';
import { queryRows, type Db, type Executor, type Tx } from '../../../db/client';
import { dataDependentCode, isTransient } from '../../../db/errors';
import { inScope, tenantScope } from '../../../db/scope';
import { json } from '../identity/identity-sql';
import { ingestEvents, rejected, type IngestOptions } from '../ingest/ingest-events';
import { cdpSettings } from '../tenant-cdp-settings';
import { cdpSources, type ImportRow } from '../../../models';
import { claimNextImport } from './claim-import';
import { importRowToEvent } from './map-import-row';
import { fileRows, READ_LIMITS, type ReadLimits } from './file-rows';
import { ImportStopped } from './import-stopped';
import { dropStoredUpload } from './stored-upload';
import { storableText } from '../../../core/refused-content';
import { AppError } from '../../../core/errors';

type ImportRowError = CdpImport['errors'][number];

const CHUNK = 1000;
const MAX_KEPT_ERRORS = 100;
const SEVEN_DAYS_HOURS = 7 * 24;

interface ImportProgress {
  rows: number;
  ok: number;
  duplicate: number;
  failed: number;
  bytes: number;
  errors: ImportRowError[];
}

/**
 * Thrown when the import is no longer this runner's: it stalled past the stale-claim limit and another runner took
 * the import over. It stops, writing nothing more (see cdp_imports.claim_id).
 */
export class ImportClaimLost extends Error {}

/** The import's row, while this runner's claim holds; ImportClaimLost otherwise. */
const claimed = (job: ImportRow) => sql`tenant_id = ${job.tenantId} and id = ${job.id} and claim_id = ${job.claimId}`;

/** Saves the rows counted; a runner that gets this far is not one that dies on the file (see MAX_TAKEOVERS). */
async function saveProgress(tx: Executor, job: ImportRow, progress: ImportProgress) {
  const saved = await queryRows<{ id: string }>(
    tx,
    sql`update cdp_imports set rows_processed = ${progress.rows}, rows_ok = ${progress.ok}, rows_duplicate = ${progress.duplicate},
          rows_failed = ${progress.failed}, bytes_processed = ${progress.bytes}, errors = ${json(progress.errors)}, updated_at = now(),
          takeovers = 0
        where ${claimed(job)} returning id`,
  );
  if (saved.length === 0) throw new ImportClaimLost();
}

type RowOutcome = Awaited<ReturnType<typeof ingestEvents>>['results'][number];

/**
 * Ingests a chunk of rows. When the database refuses the values of some (see dataDependentCode), the chunk is
 * retried a row at a time and those rows are reported as failed: one bad row must not stop the rows after it (the
 * chunk's transaction is all or nothing). When every row fails alone the fault is not in the data (a defect, a
 * full disk): the error stands and the import stops, keeping what it counted.
 */
async function ingestChunk(
  db: Db,
  config: AppConfig,
  job: ImportRow,
  events: Record<string, unknown>[],
  withinBatch: (tx: Tx, results: RowOutcome[]) => Promise<void>,
): Promise<{ outcomes: RowOutcome[]; saved: boolean }> {
  const ingest = async (batch: Record<string, unknown>[], options: IngestOptions = {}) =>
    (await ingestEvents(db, config, { tenantId: job.tenantId, sourceId: job.sourceId }, batch, { dedupeWindowHours: SEVEN_DAYS_HOURS, ...options }))
      .results;
  try {
    return { outcomes: await ingest(events, { withinBatch }), saved: true };
  } catch (err) {
    if (err instanceof ImportClaimLost) throw err;
    if (!dataDependentCode(err)) throw err;
    const outcomes: RowOutcome[] = [];
    let refused = 0;
    for (const [index, event] of events.entries()) {
      try {
        outcomes.push(...(await ingest([event])).map((r) => ({ ...r, index })));
      } catch (alone) {
        const code = dataDependentCode(alone);
        if (!code) throw alone;
        refused++;
        outcomes.push(rejected(index, `could not be stored (SQLSTATE ${code})`, 'not_stored'));
      }
    }
    if (events.length > 1 && refused === events.length) throw err;
    // Row by row, each row's transaction is its own: the progress is saved after them (a crash between may count a
    // row of this chunk as already present when it is run again).
    return { outcomes, saved: false };
  }
}

/**
 * Thrown between chunks (or while a chunk waits for quota) when the process is shutting down: the import is
 * re-queued and resumes elsewhere.
 */
export class ImportPaused extends Error {}

/** Marks a claimed import as alive without saving progress (see the stale-claim rule in ImportRunner.claim). */
async function touch(db: Db, job: ImportRow): Promise<void> {
  const kept = await inScope(db, tenantScope(job.tenantId), (tx) =>
    queryRows<{ id: string }>(tx, sql`update cdp_imports set updated_at = now() where ${claimed(job)} returning id`),
  );
  if (kept.length === 0) throw new ImportClaimLost();
}

/**
 * An import shares the tenant's per-minute ingest quota with its live traffic, and a file may hold more rows than
 * a minute allows: when the quota is spent (429), the chunk waits for the next minute instead of failing the
 * import. While it waits the claim is kept alive, and a shutdown pauses the import (the chunk is read again).
 */
async function withinIngestQuota<T>(attempt: () => Promise<T>, keepClaim: () => Promise<void>, shouldStop: () => boolean): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof AppError && err.status === 429)) throw err;
      await keepClaim();
      const nextMinute = Date.now() + 60_000 - (Date.now() % 60_000);
      while (Date.now() < nextMinute) {
        if (shouldStop()) throw new ImportPaused();
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, nextMinute - Date.now())));
      }
    }
  }
}

/**
 * Streams one import through the ingestion pipeline in chunks of 1,000 rows (fewer for a tenant whose quota is
 * smaller). Progress is saved after each chunk; a restarted import skips the rows already counted, and each row
 * carries an idempotency key derived from its content, so a chunk processed twice adds nothing the second time.
 */
export async function runImport(
  db: Db,
  config: AppConfig,
  job: ImportRow,
  shouldStop: () => boolean = () => false,
  limits: ReadLimits = READ_LIMITS,
): Promise<void> {
  await refuseInactiveSource(db, job);
  // A chunk larger than the tenant's whole minute of quota could never be taken (413): such a tenant imports in
  // chunks of its quota, one a minute.
  const settings = await cdpSettings(db, job.tenantId);
  const chunkRows = Math.min(CHUNK, settings.ingestEventsPerMinute);
  const progress: ImportProgress = {
    rows: job.rowsProcessed,
    ok: job.rowsOk,
    duplicate: job.rowsDuplicate,
    failed: job.rowsFailed,
    bytes: job.bytesProcessed,
    errors: [...job.errors],
  };
  let pending: { rowNumber: number; event: Record<string, unknown> }[] = [];
  const fail = (row: number, message: string, code: RejectionCode) => {
    progress.failed++;
    // Messages may quote the file's own text (a header, a cell): keep what the report column can store.
    if (progress.errors.length < MAX_KEPT_ERRORS) progress.errors.push({ row, message: storableText(message), code });
  };
  // The progress once a chunk's results are counted in (a copy: the chunk's transaction may be tried again).
  const tally = (results: RowOutcome[], bytes: number, lastRow: number): ImportProgress => {
    const next: ImportProgress = { ...progress, rows: lastRow, bytes, errors: [...progress.errors] };
    const note = (entry: ImportRowError) => {
      // Messages may quote the file's own text (a header, a cell): keep what the report column can store.
      if (next.errors.length < MAX_KEPT_ERRORS) next.errors.push({ ...entry, message: storableText(entry.message) });
    };
    for (const r of results) {
      const row = pending[r.index]!.rowNumber;
      if (r.status === 'rejected') {
        next.failed++;
        note({ row, message: r.error ?? 'rejected', code: r.error_code ?? 'invalid_field' });
      } else next.ok++;
      // What the pipeline noted on a row it took (revenue it could not count, an identifier it dropped, a conflict)
      // is reported with the row: the report is where the file's author looks, not each event.
      if (r.status === 'accepted' && r.error) note({ row, message: r.error, imported: true });
      if (r.status === 'duplicate') next.duplicate++;
    }
    // A chunk's unreadable rows were noted as they were read, its refused events only now: the report is by row.
    next.errors.sort((a, b) => a.row - b.row);
    return next;
  };
  const flush = async (bytes: number, lastRow: number) => {
    let saved = false;
    if (pending.length) {
      const events = pending.map((p) => p.event);
      // Saved in the chunk's own transaction: a crash between the two would leave its rows written but uncounted,
      // and counted as already present when the chunk is run again.
      const chunk = await withinIngestQuota(
        () => ingestChunk(db, config, job, events, (tx, results) => saveProgress(tx, job, tally(results, bytes, lastRow))),
        () => touch(db, job),
        shouldStop,
      );
      Object.assign(progress, tally(chunk.outcomes, bytes, lastRow));
      saved = chunk.saved;
    } else Object.assign(progress, { rows: lastRow, bytes });
    pending = [];
    if (!saved) await inScope(db, tenantScope(job.tenantId), (tx) => saveProgress(tx, job, progress));
  };
  const now = new Date();
  let lastRow = job.rowsProcessed;
  let lastBytes = job.bytesProcessed;
  const mapping = { mapping: job.mapping as ImportMapping | null, kind: job.kind as 'events' | 'profiles', timeZone: settings.timeZone, now };
  try {
    for await (const { row, error, rowNumber, bytes } of fileRows(db, job, limits)) {
      if (rowNumber <= job.rowsProcessed) continue;
      lastRow = rowNumber;
      lastBytes = bytes;
      if (!row) {
        fail(rowNumber, error ?? 'unreadable row', 'unreadable');
      } else {
        const mapped = importRowToEvent(row, mapping);
        if (mapped.ok) pending.push({ rowNumber, event: mapped.event });
        else fail(rowNumber, mapped.error, mapped.code);
      }
      if (rowNumber - progress.rows >= chunkRows) {
        await flush(bytes, rowNumber);
        if (shouldStop()) throw new ImportPaused();
      }
    }
  } catch (err) {
    // The rows read before the file stops (a compressed file broken off) are kept, as the import's report then says.
    if (err instanceof ImportStopped) await flush(lastBytes, lastRow);
    throw err;
  }
  await flush(Math.max(lastBytes, job.fileBytes), lastRow);
}

/**
 * A source deactivated (or deleted) after the import was queued takes nothing more from it, as its key takes nothing
 * more (createImport refuses one that is already).
 */
async function refuseInactiveSource(db: Db, job: ImportRow): Promise<void> {
  if (!job.sourceId) return;
  const [source] = await inScope(db, tenantScope(job.tenantId), (tx) =>
    tx
      .select({ id: cdpSources.id })
      .from(cdpSources)
      .where(and(eq(cdpSources.tenantId, job.tenantId), eq(cdpSources.id, job.sourceId!), eq(cdpSources.isActive, true), eq(cdpSources.isDeleted, false))),
  );
  if (!source) throw new ImportStopped('The source of the import was deactivated or deleted before it ran; activate it and import the file again.');
}

/** Waits between attempts of an import the database failed for a moment (a failover takes tens of seconds). */
const RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 30_000, 60_000];

/**
 * Runs queued imports, one at a time per process, claimed with SKIP LOCKED so several processes share the work.
 * An import whose runner died (no progress for two minutes) is taken over and resumes where it stopped, unless
 * runners keep dying on it (see MAX_TAKEOVERS).
 * One the database failed for a moment (a lost connection, a restart, a timeout) is queued again and resumed after
 * a wait, up to RETRY_DELAYS_MS.length times, before it is failed; an unreachable database leaves its claim to go
 * stale, the same as a runner that died.
 */
export class ImportRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private poller: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Transient failures per import, in this process (another process counts its own). */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    private readonly log?: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void },
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
    private readonly readLimits: ReadLimits = READ_LIMITS,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A failure outside any one import's run (the database failing the claim, or the outcome's write) must not end the
    // process as an unhandled rejection: it is logged, and the next poll starts the loop again (an import left
    // "running" by it is taken over once its claim is stale).
    this.running = this.loop()
      .catch((err: unknown) => this.log?.error({ err }, 'import runner stopped on an error; it starts again at the next poll'))
      .finally(() => (this.running = null));
  }

  private async claim(): Promise<ImportRow | null> {
    const { job, givenUp } = await claimNextImport(this.db);
    for (const id of givenUp) this.log?.error({ import_id: id }, 'import failed: its runners kept stopping while reading it');
    return job;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      // Once stopping, claim nothing more: a claimed import that is not run stays "running", and no other runner
      // takes it until the stale-claim timeout (a paused import would be claimed again right after its re-queue).
      const next = () => (this.stopped ? null : this.claim());
      for (let job = await next(); job; job = await next()) {
        try {
          await runImport(this.db, this.config, job, () => this.stopped, this.readLimits);
          this.failures.delete(job.id);
          await this.finish(job, 'completed', null);
        } catch (err) {
          if (err instanceof ImportPaused) {
            await this.requeue(job);
            continue;
          }
          if (err instanceof ImportClaimLost) {
            // It stalled (a pause, a frozen host) and another runner resumed it meanwhile: that one finishes it.
            this.log?.warn({ import_id: job.id }, 'import taken over by another runner after this one stalled; leaving it to that one');
            continue;
          }
          const failures = (this.failures.get(job.id) ?? 0) + 1;
          if (isTransient(err) && failures <= this.retryDelaysMs.length) {
            this.failures.set(job.id, failures);
            this.log?.warn({ err, import_id: job.id, attempt: failures }, 'import interrupted by the database; it resumes after a wait');
            // Unreachable, the import stays claimed: the claim goes stale and a runner resumes it then.
            if (!(await this.requeue(job).then(() => true, () => false))) return;
            await this.wait(this.retryDelaysMs[failures - 1]!);
            continue;
          }
          this.failures.delete(job.id);
          if (err instanceof ImportStopped) {
            await this.finish(job, 'failed', err.message);
            continue;
          }
          // The reason is shown to the tenant: the error itself (a statement, its parameters) stays in the log.
          this.log?.error({ err, import_id: job.id }, 'import failed');
          const reason = isTransient(err)
            ? `The database stayed unavailable through ${this.retryDelaysMs.length + 1} attempts; rows counted so far are kept (server log: import ${job.id}).`
            : `The import stopped on an internal error; rows counted so far are kept (server log: import ${job.id}).`;
          await this.finish(job, 'failed', reason);
        }
      }
    } while (this.again && !this.stopped);
  }

  private async requeue(job: ImportRow): Promise<void> {
    await inScope(this.db, tenantScope(job.tenantId), (tx) =>
      tx.execute(sql`update cdp_imports set status = 'queued', updated_at = now() where ${claimed(job)}`),
    );
  }

  /** Sleeps, but not past a stop. */
  private async wait(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopped && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
  }

  private async finish(job: ImportRow, status: 'completed' | 'failed', reason: string | null) {
    const mine = await inScope(this.db, tenantScope(job.tenantId), async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`update cdp_imports set status = ${status}::cdp_import_status, failure_reason = ${reason}, finished_at = now(), updated_at = now()
            where ${claimed(job)} returning id`,
      );
      // Taken over meanwhile: the file and the outcome are the other runner's.
      if (row) await dropStoredUpload(tx, job);
      return row !== undefined;
    });
    if (!mine) return;
    if (job.filePath) await rm(job.filePath, { force: true });
  }

  startPolling(intervalMs: number): void {
    this.poller = setInterval(() => this.kick(), intervalMs);
    this.poller.unref();
  }

  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    await this.whenIdle();
  }
}
