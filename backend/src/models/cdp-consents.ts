import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { CONSENT_TYPES } from '@stratum/contracts';
import { tenantColumn } from '../db/base';
import { cdpProfiles } from './cdp-profiles';

export const consentTypeEnum = pgEnum('cdp_consent_type', CONSENT_TYPES);

/** The current decision per profile and type; the latest decision (by time decided) wins. */
export const cdpConsents = pgTable(
  'cdp_consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumn(),
    profileId: uuid()
      .notNull()
      .references(() => cdpProfiles.id, { onDelete: 'cascade' }),
    consentType: consentTypeEnum().notNull(),
    granted: boolean().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull(),
    grantedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    source: varchar({ length: 100 }),
    consentVersion: varchar({ length: 50 }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cdp_consents_profile_type_key').on(t.tenantId, t.profileId, t.consentType)],
);

/** Every decision ever received, kept as proof (who, when, from where, which text and version). */
export const cdpConsentHistory = pgTable(
  'cdp_consent_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    ...tenantColumn(),
    profileId: uuid()
      .notNull()
      .references(() => cdpProfiles.id, { onDelete: 'cascade' }),
    originProfileId: uuid().notNull(),
    consentType: consentTypeEnum().notNull(),
    granted: boolean().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull(),
    source: varchar({ length: 100 }),
    ip: varchar({ length: 64 }),
    userAgent: text(),
    consentText: text(),
    consentVersion: varchar({ length: 50 }),
    eventId: uuid(),
    recordedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cdp_consent_history_profile_idx').on(t.tenantId, t.profileId, t.decidedAt)],
);
