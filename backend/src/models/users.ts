import { sql } from 'drizzle-orm';
import { boolean, check, index, pgEnum, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { ROLES } from '@stratum/contracts';
import { softDelete, timestamps } from '../db/base';
import { tenants } from './tenants';

export const roleEnum = pgEnum('user_role', ROLES);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Null only for superadmins, who belong to no tenant (the check below keeps the two in step).
    tenantId: uuid().references(() => tenants.id, { onDelete: 'cascade' }),
    email: varchar({ length: 254 }).notNull(),
    passwordHash: varchar({ length: 255 }).notNull(),
    fullName: varchar({ length: 255 }).notNull(),
    role: roleEnum().notNull(),
    isActive: boolean().notNull().default(true),
    lastLoginAt: timestamp({ withTimezone: true }),
    /** Access tokens issued before this second are refused: set when the password changes (tokens live 15 minutes). */
    sessionsValidAfter: timestamp({ withTimezone: true }),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex('users_email_live_key').on(t.email).where(sql`${t.isDeleted} = false`),
    index('users_tenant_idx').on(t.tenantId, t.createdAt),
    check('users_superadmin_has_no_tenant', sql`(${t.role} = 'superadmin') = (${t.tenantId} is null)`),
  ],
);

export type UserRow = typeof users.$inferSelect;
