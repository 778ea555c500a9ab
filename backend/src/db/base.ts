import { boolean, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../models/tenants';

/**
 * The seed's mixins. Spread them into a table definition; column names come out snake_case through the
 * `casing` setting shared by the runtime and drizzle-kit.
 */
export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const softDelete = {
  deletedAt: timestamp({ withTimezone: true }),
  isDeleted: boolean().notNull().default(false),
};

/** Every tenant-scoped table: FK to tenants with cascade, and row-level security keyed on it (see migrations). */
export const tenantColumn = () => ({
  tenantId: uuid()
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
});

/**
 * The tenant column of the tables every ingested batch writes (events, their idempotency keys, the raw queue, and
 * the identity tables: profiles, identifiers, links): without the foreign key, whose per-row check and key-share
 * lock on the tenant's row cost about as much as writing the row (on identity writes, a fifth of the time the
 * tenant's identity lock is held). Row-level security still scopes every row, and tenants are soft-deleted, never
 * removed.
 */
export const tenantColumnUnchecked = () => ({
  tenantId: uuid().notNull(),
});
