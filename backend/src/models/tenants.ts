import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgEnum, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { PLANS, type FeatureFlags, type TenantSettings } from '@stratum/contracts';

export const planEnum = pgEnum('tenant_plan', PLANS);

// Mixins are written out here rather than imported from db/base, which imports this file for the tenant FK.
export const tenants = pgTable(
  'tenants',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: varchar({ length: 255 }).notNull(),
    slug: varchar({ length: 63 }).notNull(),
    plan: planEnum().notNull().default('free'),
    featureFlags: jsonb().$type<FeatureFlags>().notNull().default({}),
    settings: jsonb().$type<TenantSettings>().notNull().default({}),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    deletedAt: timestamp({ withTimezone: true }),
    isDeleted: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex('tenants_slug_live_key').on(t.slug).where(sql`${t.isDeleted} = false`)],
);

export type TenantRow = typeof tenants.$inferSelect;
