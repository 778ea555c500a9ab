import type { CdpImport } from '@stratum/contracts';
import type { ImportRow } from '../../../models';

export const toImportView = (row: ImportRow): CdpImport => ({
  id: row.id,
  kind: row.kind as CdpImport['kind'],
  format: row.format as CdpImport['format'],
  filename: row.filename,
  source_id: row.sourceId,
  status: row.status,
  percent:
    row.status === 'completed' || row.status === 'duplicate'
      ? 100
      : row.fileBytes > 0
        ? Math.min(99.9, Math.round((row.bytesProcessed / row.fileBytes) * 1000) / 10)
        : 0,
  rows_processed: row.rowsProcessed,
  rows_ok: row.rowsOk,
  rows_failed: row.rowsFailed,
  rows_duplicate: row.rowsDuplicate,
  errors: row.errors,
  duplicate_of: row.duplicateOf,
  failure_reason: row.failureReason,
  created_at: row.createdAt.toISOString(),
  started_at: row.startedAt?.toISOString() ?? null,
  finished_at: row.finishedAt?.toISOString() ?? null,
});
