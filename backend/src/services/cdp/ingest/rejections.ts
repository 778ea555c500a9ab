import { sql, type SQL } from 'drizzle-orm';
import type { EventResult, RejectionCode } from '@stratum/contracts';
import { uuidv7 } from '../../../core/ids';
import type { Db, Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { containingPattern } from '../../../db/like-pattern';
import { json, textArray } from '../identity/identity-sql';
import { storableText } from '../../../core/refused-content';

export interface Rejection {
  source_id: string | null;
  received_at: string;
  event_name: string | null;
  reason: string;
  reason_code: RejectionCode;
}

/** An event name as the debugger's refusals keep it. */
// Cut before made storable: a cut through an emoji leaves half of its surrogate pair, which PostgreSQL refuses.
export const storableEventName = (name: unknown) => (typeof name === 'string' ? storableText(name.slice(0, 255)) : null);

export const eventNameOf = (raw: unknown) => storableEventName((raw as { event_name?: unknown } | null)?.event_name);

/** Notes refused events for the live debugger: name and reason only, never the payload. */
export async function insertRejections(tx: Executor, tenantId: string, rows: Rejection[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into cdp_rejected_events (id, tenant_id, source_id, received_at, event_name, reason, reason_code)
    select x.id, ${tenantId}, x.source_id, x.received_at, x.event_name, x.reason, x.reason_code
    from jsonb_to_recordset(${json(rows.map((r) => ({ ...r, id: uuidv7(), reason: storableText(r.reason.slice(0, 1000)) })))})
      as x(id uuid, source_id uuid, received_at timestamptz, event_name text, reason text, reason_code text)`);
}

export async function recordRejections(
  db: Db,
  target: { tenantId: string; sourceId: string | null },
  rawEvents: unknown[],
  results: EventResult[],
  receivedAt: Date,
): Promise<void> {
  const rows = results
    .filter((r) => r.status === 'rejected')
    .map((r) => ({
      source_id: target.sourceId,
      received_at: receivedAt.toISOString(),
      event_name: eventNameOf(rawEvents[r.index]),
      reason: r.error ?? 'rejected',
      reason_code: r.error_code ?? 'invalid_field',
    }));
  if (rows.length) await inScope(db, tenantScope(target.tenantId), (tx) => insertRejections(tx, target.tenantId, rows));
}

/**
 * Erasure: the notes of refused events whose name or reason spells out an erased person's email, or a phone's last
 * digits however they are spaced, which the live debugger would otherwise show for a day more.
 */
export async function forgetRejectionsNaming(tx: Executor, tenantId: string, person: { emails: string[]; phoneDigits: string[] }): Promise<void> {
  const emails = [...new Set(person.emails)].map(containingPattern);
  const digits = [...new Set(person.phoneDigits)].filter((d) => d.length >= 6).map(containingPattern);
  if (emails.length + digits.length === 0) return;
  const spelt = (column: SQL) =>
    sql`(${column} ilike any(${textArray(emails)}) or regexp_replace(${column}, '[^0-9]', '', 'g') like any(${textArray(digits)}))`;
  await tx.execute(sql`
    delete from cdp_rejected_events where tenant_id = ${tenantId} and (${spelt(sql`event_name`)} or ${spelt(sql`reason`)})`);
}
