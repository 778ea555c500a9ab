import { bigint, customType, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { IMPORT_STATUSES, type RejectionCode } from '@stratum/contracts';
import { tenantColumn, tenantColumnUnchecked } from '../db/base';

/**
 * Append-only. `identifiers` keeps only types and lookup hashes (no clear values); `origin_profile_id` is where the
 * event first landed, so an undone merge can send it back. The biggest table, so `profile_id` and `source_id` carry
 * no foreign keys (a per-row check on the hot path): the pipeline writes only ids it just resolved, and erasure
 * deletes a profile's events explicitly.
 */
export const cdpEvents = pgTable(
  'cdp_events',
  {
    id: uuid().primaryKey(),
    ...tenantColumnUnchecked(),
    profileId: uuid().notNull(),
    originProfileId: uuid().notNull(),
    sourceId: uuid(),
    eventName: varchar({ length: 255 }).notNull(),
    eventTime: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    idempotencyKey: varchar({ length: 128 }),
    properties: jsonb().$type<Record<string, unknown>>().notNull(),
    context: jsonb().$type<Record<string, unknown>>().notNull(),
    identifiers: jsonb().$type<{ type: string; hash: string }[]>().notNull(),
    emqScore: smallint().notNull(),
    /**
     * A purchase's revenue in the tenant's currency as counted when it arrived (null for other events, and for
     * purchases stored before it was kept): counters rebuilt later add up the same figures.
     */
    revenue: numeric({ precision: 18, scale: 2 }),
    status: varchar({ length: 20 }).notNull().default('processed'),
    processingErrors: jsonb().$type<string[]>(),
  },
  (t) => [
    // With the id last, a profile's events are in the index in the order timelines and exports read them (time,
    // then id for ties), so a page is an index range read, never a sort of all the profile's events.
    index('cdp_events_profile_time_idx').on(t.tenantId, t.profileId, t.eventTime, t.id),
    index('cdp_events_tenant_time_idx').on(t.tenantId, t.eventTime),
    // The event explorer filtered by name (a refund among millions of page views): a page is a range read too.
    index('cdp_events_name_time_idx').on(t.tenantId, t.eventName, t.eventTime, t.id),
    // And by source: an app that sends one event in a hundred, all month long, took 266 ms at 1M events (the count
    // ahead reads the month), 14 ms with it. Events sent without a source are left out. It costs an insert ~4.5 µs.
    index('cdp_events_source_time_idx').on(t.tenantId, t.sourceId, t.eventTime, t.id).where(sql`${t.sourceId} is not null`),
  ],
);
export type EventRow = typeof cdpEvents.$inferSelect;

/** Idempotency keys of the last 24 h: a repeat answers `duplicate` with the original event id. */
export const cdpEventKeys = pgTable(
  'cdp_event_keys',
  {
    ...tenantColumnUnchecked(),
    idempotencyKey: varchar({ length: 128 }).notNull(),
    eventId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.idempotencyKey] }), index('cdp_event_keys_age_idx').on(t.createdAt)],
);

/** Fixed one-minute windows of accepted events per tenant, shared by every API process. */
export const cdpRateWindows = pgTable(
  'cdp_rate_windows',
  {
    ...tenantColumn(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    events: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.windowStart] })],
);

/**
 * The collection fast path's durable queue: tracked requests are acknowledged once they are here, then drained in
 * order per tenant through identity resolution; each row is deleted in the transaction that processes it. A row
 * holds one request's messages as received (`segment`: a Segment batch body; `cdp`: an array of CDP events), so
 * the acknowledgement costs one row however many events the request carries; the drain maps and validates them.
 */
export const cdpRawEvents = pgTable(
  'cdp_raw_events',
  {
    id: uuid().primaryKey(),
    ...tenantColumnUnchecked(),
    sourceId: uuid(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    format: varchar({ length: 16 }).$type<'segment' | 'cdp'>().notNull(),
    payload: text().notNull(),
    messageCount: integer().notNull(),
    /** Segment's single-message endpoints (`/v1/track`…) fix the type the message may leave out. */
    forcedType: varchar({ length: 16 }),
    /** Stands in for a missing or malformed client IP when the messages are mapped. */
    requestIp: varchar({ length: 64 }),
    dedupeWindowHours: smallint().notNull(),
    /**
     * Set when the request's events fail in the database on their own while the rest of the tenant's queue goes
     * through (see commitChunk): the drain passes it by instead of retrying it forever. Purged after 7 days.
     */
    failedAt: timestamp({ withTimezone: true }),
    /** Why: the error's SQLSTATE, never its message, which may quote a value. */
    failure: varchar({ length: 200 }),
  },
  (t) => [index('cdp_raw_events_tenant_idx').on(t.tenantId, t.id)],
);

/**
 * Why events were refused, for the live debugger: kept 24 hours, with the event name and the reason only (the
 * refused payload may hold personal data nobody consented to store). The debugger reads a source's newest rows by
 * id (UUIDv7, made when the refusal is noted): `received_at` is when the request came in, which for a queued
 * request can be long before its refusals are noted, so it cannot tell what is new.
 */
export const cdpRejectedEvents = pgTable(
  'cdp_rejected_events',
  {
    id: uuid().primaryKey(),
    ...tenantColumn(),
    sourceId: uuid(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    eventName: varchar({ length: 255 }),
    reason: varchar({ length: 1000 }).notNull(),
    /** A REJECTION_CODES code (contracts), for the console to say in its language; null on rows noted before. */
    reasonCode: varchar({ length: 32 }),
  },
  (t) => [index('cdp_rejected_events_source_idx').on(t.tenantId, t.sourceId, t.id)],
);

export const importStatusEnum = pgEnum('cdp_import_status', IMPORT_STATUSES);

/** A file import; progress is counted here as the file streams through the pipeline. */
export const cdpImports = pgTable(
  'cdp_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumn(),
    sourceId: uuid(),
    kind: varchar({ length: 20 }).notNull(),
    format: varchar({ length: 10 }).notNull(),
    filename: varchar({ length: 255 }).notNull(),
    fileSha256: varchar({ length: 64 }).notNull(),
    /** Only imports queued before migration 0019 kept their file on the API host's disk; newer ones store it below. */
    filePath: text(),
    fileBytes: bigint({ mode: 'number' }).notNull(),
    mapping: jsonb().$type<Record<string, string>>(),
    status: importStatusEnum().notNull().default('queued'),
    bytesProcessed: bigint({ mode: 'number' }).notNull().default(0),
    rowsProcessed: integer().notNull().default(0),
    rowsOk: integer().notNull().default(0),
    rowsFailed: integer().notNull().default(0),
    // Of rowsOk, the rows whose event was already stored (same idempotency key).
    rowsDuplicate: integer().notNull().default(0),
    // `code`: a REJECTION_CODES code (contracts); missing on reports kept before codes were.
    errors: jsonb().$type<{ row: number; message: string; code?: RejectionCode; imported?: boolean }[]>().notNull().default([]),
    duplicateOf: uuid(),
    failureReason: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /**
     * Set anew by each claim: a runner writes progress only while the import is still its own, so one that stalled
     * past the stale-claim limit (its import taken over) cannot run the file a second time beside the new one.
     */
    claimId: uuid(),
    /**
     * Claims in a row of the import from a runner that died or stalled on it, with no progress saved in between (see
     * MAX_TAKEOVERS): an import that keeps ending its runner's process is failed instead of taken for ever.
     */
    takeovers: integer().notNull().default(0),
  },
  (t) => [index('cdp_imports_tenant_idx').on(t.tenantId, t.createdAt), index('cdp_imports_status_idx').on(t.status, t.createdAt)],
);
export type ImportRow = typeof cdpImports.$inferSelect;

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * An uploaded import file in pieces of up to 1 MB, in order: whichever worker process (on whichever host) runs the
 * import streams it from here, so no disk needs to be shared. Deleted when the import finishes.
 */
export const cdpImportChunks = pgTable(
  'cdp_import_chunks',
  {
    ...tenantColumn(),
    importId: uuid()
      .notNull()
      .references(() => cdpImports.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.importId, t.seq] })],
);
