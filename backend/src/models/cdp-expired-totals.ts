import { integer, numeric, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantColumn } from '../db/base';
import { cdpProfiles } from './cdp-profiles';

/**
 * What the events retention removed had counted, per profile they first landed on (their origin). Profile counters
 * are kept when events go, but an undone merge rebuilds both sides' counters from the events they hold
 * (recomputeCounters): these totals are added back there, so an old customer does not lose its purchases. Erasing
 * the profile takes them with it (cascade).
 */
export const cdpExpiredEventTotals = pgTable(
  'cdp_expired_event_totals',
  {
    ...tenantColumn(),
    originProfileId: uuid()
      .notNull()
      .references(() => cdpProfiles.id, { onDelete: 'cascade' }),
    events: integer().notNull(),
    sessions: integer().notNull(),
    purchases: integer().notNull(),
    revenue: numeric({ precision: 30, scale: 2 }).notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.originProfileId] })],
);
