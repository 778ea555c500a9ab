import { bigint, integer, numeric, pgTable, primaryKey, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { tenantColumn } from '../db/base';

/** Events without a source are rolled up under this id (a primary key column cannot be null). */
export const NO_SOURCE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Hourly event rollups, kept current by ingestion in the same transaction as the events, so statistics, trends,
 * EMQ, data health and anomaly detection read thousands of rollup rows instead of millions of events.
 * Erasure takes a person's events back out (removeFromRollups): no figure counts an erased person. Retention keeps
 * the hourly counts of the old events it deletes (anonymous aggregates, and the history of the trends).
 */
export const cdpEventRollups = pgTable(
  'cdp_event_rollups_hourly',
  {
    ...tenantColumn(),
    hour: timestamp({ withTimezone: true }).notNull(),
    eventName: varchar({ length: 255 }).notNull(),
    sourceId: uuid().notNull(),
    events: integer().notNull(),
    emqSum: bigint({ mode: 'number' }).notNull(),
    emqExcellent: integer().notNull(),
    emqGood: integer().notNull(),
    emqFair: integer().notNull(),
    emqPoor: integer().notNull(),
    purchases: integer().notNull(),
    // Purchases whose amount was counted: the average order value divides by these, not by purchases that added
    // nothing (another currency without a rate, no amount).
    pricedPurchases: integer().notNull().default(0),
    // Sessions begun by these events (a run of a profile's events with no gap over 30 minutes; see profileDeltas):
    // the sessions of a period, which the profiles' lifetime totals cannot give.
    sessions: integer().notNull().default(0),
    // A sum, like a profile's total_revenue (see there).
    revenue: numeric({ precision: 30, scale: 2 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.hour, t.eventName, t.sourceId] })],
);
export type RollupRow = typeof cdpEventRollups.$inferSelect;
