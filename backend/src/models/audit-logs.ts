import { index, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/**
 * Append-only: the application role may only insert and select (see the RLS migration), and a trigger refuses
 * updates from anyone. The actor is a snapshot, not a foreign key, so a row outlives the user it names.
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Null for platform-level actions of a superadmin acting in no tenant.
    tenantId: uuid().references(() => tenants.id, { onDelete: 'cascade' }),
    actorId: uuid(),
    actorEmail: varchar({ length: 254 }),
    action: varchar({ length: 100 }).notNull(),
    resourceType: varchar({ length: 100 }).notNull(),
    resourceId: varchar({ length: 100 }),
    ip: varchar({ length: 64 }),
    userAgent: text(),
    requestId: varchar({ length: 64 }),
    changes: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_logs_tenant_time_idx').on(t.tenantId, t.createdAt),
    index('audit_logs_tenant_action_idx').on(t.tenantId, t.action, t.createdAt),
  ],
);

export type AuditLogRow = typeof auditLogs.$inferSelect;
