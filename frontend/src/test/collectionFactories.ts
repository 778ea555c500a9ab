import type { CdpImport, LiveEvent } from '@stratum/contracts';
import { uuid } from './factories';

// Factories of the collection pages (live debugger, imports), beside the shared ones in factories.ts.

const NOW = '2026-01-15T10:30:00.000Z';

export function makeLiveEvent(overrides: Partial<LiveEvent> = {}): LiveEvent {
  const kind = overrides.kind ?? 'accepted';
  return {
    kind,
    id: uuid(),
    event_name: 'Order Completed',
    received_at: '2026-01-15T10:30:05.000Z',
    event_time: kind === 'accepted' ? '2026-01-15T10:30:00.000Z' : null,
    profile_id: kind === 'accepted' ? uuid() : null,
    emq_score: kind === 'accepted' ? 85 : null,
    reason: kind === 'rejected' ? 'event_time: Invalid ISO datetime' : null,
    reason_code: kind === 'rejected' ? 'invalid_field' : null,
    properties: kind === 'accepted' ? { total: 250, currency: 'AED' } : null,
    context: kind === 'accepted' ? {} : null,
    ...overrides,
  };
}

export function makeImport(overrides: Partial<CdpImport> = {}): CdpImport {
  return {
    id: uuid(),
    kind: 'events',
    format: 'csv',
    filename: 'orders.csv',
    source_id: null,
    status: 'completed',
    percent: 100,
    rows_processed: 2,
    rows_ok: 2,
    rows_failed: 0,
    rows_duplicate: 0,
    errors: [],
    duplicate_of: null,
    failure_reason: null,
    created_at: NOW,
    started_at: NOW,
    finished_at: NOW,
    ...overrides,
  };
}
