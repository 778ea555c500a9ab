import type { AppConfig } from '../core/config';
import type { Db, DatabaseHandle } from '../db/client';

/** What route plugins are handed: the database and the config, nothing request-specific. */
export interface ApiDeps {
  db: Db;
  database: DatabaseHandle;
  config: AppConfig;
}
