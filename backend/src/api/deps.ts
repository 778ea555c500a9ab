import type { AppConfig } from '../core/config';
import type { Db, DatabaseHandle } from '../db/client';
import type { DrainScheduler } from '../services/cdp/ingest/drain-scheduler';
import type { ImportRunner } from '../services/cdp/imports/run-import';

/** What route plugins are handed: the database and the config, nothing request-specific. */
export interface ApiDeps {
  db: Db;
  database: DatabaseHandle;
  config: AppConfig;
  /** Drains the collection fast path's queue into the identity pipeline. */
  queue: DrainScheduler;
  /** Runs queued file imports in the background. */
  imports: ImportRunner;
}
