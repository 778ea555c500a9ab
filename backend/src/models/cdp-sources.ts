import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgEnum, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { SOURCE_TYPES } from '@stratum/contracts';
import { softDelete, tenantColumn, timestamps } from '../db/base';

export const sourceTypeEnum = pgEnum('cdp_source_type', SOURCE_TYPES);

export const cdpSources = pgTable(
  'cdp_sources',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumn(),
    name: varchar({ length: 255 }).notNull(),
    sourceType: sourceTypeEnum().notNull(),
    // SHA-256 of the key: a key names its tenant on /ingest, so the lookup is global and must be unique.
    keyHash: varchar({ length: 64 }).notNull().unique(),
    keyPrefix: varchar({ length: 16 }).notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    isActive: boolean().notNull().default(true),
    eventCount: bigint({ mode: 'number' }).notNull().default(0),
    lastEventAt: timestamp({ withTimezone: true }),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index('cdp_sources_tenant_idx').on(t.tenantId, t.createdAt),
    // Sources are told apart by name (filters, the live debugger, import reports): one of each within a tenant.
    uniqueIndex('cdp_sources_name_key').on(t.tenantId, sql`lower(${t.name})`).where(sql`not ${t.isDeleted}`),
  ],
);
export type SourceRow = typeof cdpSources.$inferSelect;
