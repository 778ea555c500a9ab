import { and, asc, desc, eq } from 'drizzle-orm';
import type { ConsentUpdate, consentsViewSchema } from '@stratum/contracts';
import type { z } from 'zod';
import { requireTenant, type RequestContext } from '../../../auth/context';
import type { Db, Executor } from '../../../db/client';
import { inScope, tenantScope } from '../../../db/scope';
import { writeAudit } from '../../../middleware/audit';
import { cdpConsentHistory, cdpConsents } from '../../../models';
import { lockTenantIdentity } from '../identity/identity-sql';
import { recordConsentDecisions } from '../ingest/event-sql';
import { maskIpAddress, maskPersonalText, shownAs } from '../identity/mask-personal-data';
import { canReadPii, consentView, findLiveProfile, findProfileFollowingMerges } from '../profiles/profile-view';

type ConsentsView = z.infer<typeof consentsViewSchema>;

/**
 * A profile's consents and their history. `clear`: whether the viewer may read PII; otherwise the proof's free text
 * (source, wording) has its emails and phone numbers masked, and the address it came from its last part.
 */
export async function consentsOf(tx: Executor, tenantId: string, profileId: string, clear: boolean): Promise<ConsentsView> {
  const current = await tx
    .select()
    .from(cdpConsents)
    .where(and(eq(cdpConsents.tenantId, tenantId), eq(cdpConsents.profileId, profileId)))
    .orderBy(asc(cdpConsents.consentType));
  const history = await tx
    .select()
    .from(cdpConsentHistory)
    .where(and(eq(cdpConsentHistory.tenantId, tenantId), eq(cdpConsentHistory.profileId, profileId)))
    .orderBy(desc(cdpConsentHistory.decidedAt), desc(cdpConsentHistory.createdAt));
  return {
    current: current.map((c) => consentView(c, clear)),
    history: history.map((h) => ({
      id: h.id,
      consent_type: h.consentType,
      granted: h.granted,
      decided_at: h.decidedAt.toISOString(),
      source: shownAs(clear, h.source, maskPersonalText),
      ip: shownAs(clear, h.ip, maskIpAddress),
      user_agent: h.userAgent,
      consent_text: shownAs(clear, h.consentText, maskPersonalText),
      consent_version: h.consentVersion,
      event_id: h.eventId,
    })),
  };
}

export async function getConsents(db: Db, ctx: RequestContext, profileId: string): Promise<ConsentsView> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // A merged-away id reads its survivor's consents (its decisions moved there with the merge).
    const live = await findProfileFollowingMerges(tx, tenantId, profileId);
    return consentsOf(tx, tenantId, live.id, canReadPii(ctx));
  });
}

/**
 * A decision from the console or API, kept with its proof: who recorded it, which text and version, and where the
 * person gave it when the caller says (the caller's own address and browser are the audit row's, not the person's).
 */
export async function setConsent(db: Db, ctx: RequestContext, profileId: string, input: ConsentUpdate): Promise<ConsentsView> {
  const tenantId = requireTenant(ctx);
  return inScope(db, tenantScope(tenantId), async (tx) => {
    // As every change of who-is-who does: a merge or an erasure committing between the check below and the write
    // would leave the decision on a merged-away profile, or fail on a deleted one.
    await lockTenantIdentity(tx, tenantId);
    await findLiveProfile(tx, tenantId, profileId);
    await recordConsentDecisions(tx, tenantId, [
      {
        profile_id: profileId,
        consent_type: input.consent_type,
        granted: input.granted,
        decided_at: new Date().toISOString(),
        source: input.source ?? 'api',
        ip: input.ip ?? null,
        user_agent: input.user_agent ?? null,
        event_id: null,
        consent_text: input.consent_text ?? null,
        consent_version: input.consent_version ?? null,
        recorded_by: ctx.actor?.id ?? null,
      },
    ]);
    await writeAudit(tx, ctx, {
      action: 'cdp.consent.update',
      resourceType: 'cdp_profile',
      resourceId: profileId,
      changes: { consent_type: input.consent_type, granted: input.granted, consent_version: input.consent_version ?? null },
    });
    return consentsOf(tx, tenantId, profileId, canReadPii(ctx));
  });
}

