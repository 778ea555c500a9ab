import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { LIFECYCLE_STAGES } from '@stratum/contracts';
import { tenantColumn, tenantColumnUnchecked, timestamps } from '../db/base';
import { users } from './users';

export const lifecycleStageEnum = pgEnum('cdp_lifecycle_stage', LIFECYCLE_STAGES);

/**
 * One row per person. A profile absorbed by a merge stays, with `merged_into_id` set, so the merge can be undone;
 * every query for "the" profiles filters `merged_into_id is null`.
 */
export const cdpProfiles = pgTable(
  'cdp_profiles',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumnUnchecked(),
    externalId: varchar({ length: 512 }),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * `last_seen_at` to the hour (UTC), for the "recently seen" order of the profile list. The list's index is on
     * this column rather than on `last_seen_at`, so the counter update every batch makes can stay a HOT update (no
     * index entries rewritten) until the hour changes; the list sorts by both, so the order is the same.
     */
    lastSeenHour: timestamp({ withTimezone: true }).generatedAlwaysAs(sql`date_bin('1 hour', last_seen_at, timestamptz '2000-01-01 00:00:00+00')`),
    profileData: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /**
     * When each trait's value was set (the time of the event that carried it): the newest value of each key wins,
     * whatever order events arrive in and whichever profile of a merge it comes from (SPEC §4).
     */
    traitTimes: jsonb().$type<Record<string, string>>().notNull().default({}),
    computedTraits: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    lifecycleStage: lifecycleStageEnum().notNull().default('anonymous'),
    totalEvents: integer().notNull().default(0),
    totalSessions: integer().notNull().default(0),
    totalPurchases: integer().notNull().default(0),
    // A sum of purchases (each at most MAX_PURCHASE_REVENUE): wide enough that no stream of them can overflow it.
    totalRevenue: numeric({ precision: 30, scale: 2 }).notNull().default('0'),
    /** Priority of the strongest identifier type (external_id 100 … anonymous_id 10): the canonical identity. */
    identityStrength: smallint().notNull().default(0),
    canonicalIdentifierId: uuid(),
    mergedIntoId: uuid().references((): AnyPgColumn => cdpProfiles.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [
    index('cdp_profiles_tenant_live_idx').on(t.tenantId, t.lastSeenHour).where(sql`${t.mergedIntoId} is null`),
    index('cdp_profiles_tenant_stage_idx').on(t.tenantId, t.lifecycleStage),
    index('cdp_profiles_merged_into_idx').on(t.tenantId, t.mergedIntoId),
    // The profile search by substring (pg_trgm): trait values (`cdp_trait_values`, migration 0029) and the external id.
    // Both columns are left alone by the counter update of every batch, so that update stays HOT; and an anonymous
    // visitor, most new profiles, has neither, so creating one adds no entry.
    index('cdp_profiles_trait_search_idx')
      .using('gin', sql`cdp_trait_values(${t.profileData}) gin_trgm_ops`)
      .where(sql`cdp_trait_values(${t.profileData}) is not null`),
    index('cdp_profiles_external_id_search_idx').using('gin', t.externalId.op('gin_trgm_ops')).where(sql`${t.externalId} is not null`),
  ],
);
export type ProfileRow = typeof cdpProfiles.$inferSelect;

/** Identifier values are encrypted at rest; `lookup_hash` (keyed HMAC of type + normalised value) finds them. */
export const cdpProfileIdentifiers = pgTable(
  'cdp_profile_identifiers',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumnUnchecked(),
    profileId: uuid()
      .notNull()
      .references(() => cdpProfiles.id, { onDelete: 'cascade' }),
    /** The profile this identifier first belonged to; an undone merge sends it back there. */
    originProfileId: uuid().notNull(),
    identifierType: varchar({ length: 40 }).notNull(),
    valueEncrypted: text().notNull(),
    lookupHash: varchar({ length: 64 }).notNull(),
    isPrimary: boolean().notNull().default(false),
    confidenceScore: real().notNull().default(1),
    verifiedAt: timestamp({ withTimezone: true }),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cdp_identifiers_lookup_key').on(t.tenantId, t.lookupHash),
    // Tenant-first, like every key here: a tenant_id-only index must never be the planner's best option.
    index('cdp_identifiers_profile_idx').on(t.tenantId, t.profileId),
  ],
);
export type IdentifierRow = typeof cdpProfileIdentifiers.$inferSelect;

/** Evidence that two identifiers belong together: seen in one event, or joined by a merge. */
export const cdpIdentityLinks = pgTable(
  'cdp_identity_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumnUnchecked(),
    fromIdentifierId: uuid()
      .notNull()
      .references(() => cdpProfileIdentifiers.id, { onDelete: 'cascade' }),
    toIdentifierId: uuid()
      .notNull()
      .references(() => cdpProfileIdentifiers.id, { onDelete: 'cascade' }),
    linkType: varchar({ length: 20 }).notNull(),
    evidenceEventId: uuid(),
    occurrences: integer().notNull().default(1),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cdp_links_pair_key').on(t.tenantId, t.fromIdentifierId, t.toIdentifierId),
    index('cdp_links_to_idx').on(t.tenantId, t.toIdentifierId),
  ],
);

export const mergeReasonEnum = pgEnum('cdp_merge_reason', ['identifier', 'manual']);

export const cdpProfileMerges = pgTable(
  'cdp_profile_merges',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumn(),
    survivorId: uuid()
      .notNull()
      .references(() => cdpProfiles.id, { onDelete: 'cascade' }),
    mergedId: uuid()
      .notNull()
      .references(() => cdpProfiles.id, { onDelete: 'cascade' }),
    reason: mergeReasonEnum().notNull(),
    identifierType: varchar({ length: 40 }),
    evidenceEventId: uuid(),
    mergedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Traits and counters of both sides just before the merge, to give each back its own on undo. */
    survivorSnapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    mergedSnapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp({ withTimezone: true }),
    undoneBy: uuid(),
    /**
     * When the survivor's session count and primary identifiers were made exact (settleMergedProfiles). A merge by
     * events only adds up both sides' totals, as exact counting inside ingestion cost too much of its throughput.
     */
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('cdp_merges_survivor_idx').on(t.tenantId, t.survivorId),
    index('cdp_merges_merged_idx').on(t.tenantId, t.mergedId),
    index('cdp_merges_unsettled_idx').on(t.tenantId, t.id).where(sql`${t.settledAt} is null`),
  ],
);
export type MergeRow = typeof cdpProfileMerges.$inferSelect;

/** An event whose identifiers would have broken a per-type limit: recorded, not merged. */
export const cdpIdentityConflicts = pgTable(
  'cdp_identity_conflicts',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumn(),
    eventId: uuid(),
    profileIds: jsonb().$type<string[]>().notNull(),
    identifierType: varchar({ length: 40 }).notNull(),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cdp_conflicts_tenant_idx').on(t.tenantId, t.createdAt)],
);

/**
 * Each profile a conflict names, one row apiece, so a profile's conflicts are found through an index: row-level
 * security keeps a search of the JSON array from using one (its operators are not leakproof).
 */
export const cdpIdentityConflictProfiles = pgTable(
  'cdp_identity_conflict_profiles',
  {
    ...tenantColumn(),
    profileId: uuid().notNull(),
    conflictId: uuid()
      .notNull()
      .references(() => cdpIdentityConflicts.id, { onDelete: 'cascade' }),
    /** The conflict's own time (both are written in one transaction), so a profile's are read newest first from the index. */
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // The conflict index serves the cascade when a conflict is deleted (an erasure, a tenant's deletion); the time index
  // lists a profile's newest conflicts without sorting all of them (a shared kiosk's first user gathers one a sign-in).
  (t) => [
    primaryKey({ columns: [t.tenantId, t.profileId, t.conflictId] }),
    index('cdp_conflict_profiles_conflict_idx').on(t.conflictId),
    index('cdp_conflict_profiles_time_idx').on(t.tenantId, t.profileId, t.createdAt, t.conflictId),
  ],
);

/**
 * User ids named by an alias before the tenant knew them as user ids. Segment's `previousId` does not say whether it
 * was an anonymous id or a user id; one the tenant has not seen is linked as an anonymous id, and noted here so the
 * first event identifying someone by it still joins the alias (see aliasedUserIds). Hashes only; kept until that user
 * id arrives or the person is erased (most previous ids are a visitor's anonymous id, and wait for nothing: a row each).
 */
export const cdpAliasedUserIds = pgTable(
  'cdp_aliased_user_ids',
  {
    ...tenantColumn(),
    /** The previous id's lookup hash as an external id: what a later event carries. */
    userIdHash: varchar({ length: 64 }).notNull(),
    /** The same value's lookup hash as an anonymous id: the identifier the alias created. */
    anonymousHash: varchar({ length: 64 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userIdHash] })],
);

/** Erased subjects: events carrying any of these hashes are rejected instead of re-creating the person. */
export const cdpSuppressions = pgTable(
  'cdp_suppressions',
  {
    ...tenantColumn(),
    lookupHash: varchar({ length: 64 }).notNull(),
    reason: varchar({ length: 40 }).notNull().default('erasure'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cdp_suppressions_key').on(t.tenantId, t.lookupHash)],
);

