import { z } from 'zod';
import { uuidInputSchema } from './uuid-input';
import { consentTypeSchema, identifierTypeSchema, ipAddressSchema, storedEventSchema } from './cdp-events';

export const LIFECYCLE_STAGES = ['anonymous', 'known', 'customer', 'churned'] as const;
export const lifecycleStageSchema = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;

export const profileIdentifierSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  /** Masked (`j***@example.com`) unless the caller may read PII. */
  value: z.string(),
  masked: z.boolean(),
  is_primary: z.boolean(),
  confidence_score: z.number(),
  verified_at: z.string().nullable(),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
});
export type ProfileIdentifier = z.infer<typeof profileIdentifierSchema>;

export const consentStateSchema = z.object({
  consent_type: consentTypeSchema,
  granted: z.boolean(),
  granted_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  source: z.string().nullable(),
  consent_version: z.string().nullable(),
  updated_at: z.string(),
});
export type ConsentState = z.infer<typeof consentStateSchema>;

export const consentHistoryEntrySchema = z.object({
  id: z.uuid(),
  consent_type: consentTypeSchema,
  granted: z.boolean(),
  decided_at: z.string(),
  source: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  consent_text: z.string().nullable(),
  consent_version: z.string().nullable(),
  event_id: z.uuid().nullable(),
});

export const profileSummarySchema = z.object({
  id: z.uuid(),
  lifecycle_stage: lifecycleStageSchema,
  canonical_identity: z.object({ type: z.string(), value: z.string() }).nullable(),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  total_events: z.number().int(),
  total_sessions: z.number().int(),
  total_purchases: z.number().int(),
  total_revenue: z.number(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

/**
 * A profile read carries at most this many identifiers: the canonical one first, then the strongest types, the
 * first of each type and the most recently seen. A shared device or a test account can gather thousands;
 * `GET /cdp/profiles/{id}/identifiers` pages through all of them in the same order.
 */
export const PROFILE_IDENTIFIERS_SHOWN = 100;
/** The identity graph draws at most this many identifiers, chosen in the same order: a circle of more is unreadable. */
export const GRAPH_IDENTIFIERS_SHOWN = 24;

export const profileSchema = profileSummarySchema.extend({
  external_id: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  computed_traits: z.record(z.string(), z.unknown()),
  /** At most PROFILE_IDENTIFIERS_SHOWN of them (all of them in an export). */
  identifiers: z.array(profileIdentifierSchema),
  identifiers_total: z.number().int(),
  consents: z.array(consentStateSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileListQuerySchema = z.object({
  q: z.string().trim().max(255).optional(),
  lifecycle_stage: lifecycleStageSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});

export const profileLookupSchema = z.object({
  identifier_type: identifierTypeSchema,
  identifier_value: z.string().min(1).max(512),
});
export type ProfileLookup = z.input<typeof profileLookupSchema>;

export const identityGraphSchema = z.object({
  profile_id: z.uuid(),
  /** At most GRAPH_IDENTIFIERS_SHOWN of the profile's identifiers; edges join only those drawn. */
  nodes: z.array(z.object({ id: z.uuid(), type: z.string(), value: z.string(), is_primary: z.boolean() })),
  /** All the profile's identifiers, drawn or not. */
  total_nodes: z.number().int(),
  edges: z.array(
    z.object({
      from: z.uuid(),
      to: z.uuid(),
      link_type: z.string(),
      evidence_event_id: z.uuid().nullable(),
      occurrences: z.number().int(),
      first_seen_at: z.string(),
    }),
  ),
});
export type IdentityGraph = z.infer<typeof identityGraphSchema>;

export const mergeRecordSchema = z.object({
  id: z.uuid(),
  survivor_id: z.uuid(),
  merged_id: z.uuid(),
  reason: z.enum(['identifier', 'manual']),
  identifier_type: z.string().nullable(),
  evidence_event_id: z.uuid().nullable(),
  merged_by: z.uuid().nullable(),
  created_at: z.string(),
  undone_at: z.string().nullable(),
});
export type MergeRecord = z.infer<typeof mergeRecordSchema>;

/**
 * An event that would have joined this profile with others beyond a per-type limit (SPEC §4, merge protection): they
 * were kept apart. Listed while they still are; `other_profile_ids` are the profiles as recorded (a merged-away one
 * leads to its survivor).
 */
export const identityConflictSchema = z.object({
  id: z.uuid(),
  event_id: z.uuid().nullable(),
  /** Null once the event is gone (retention). */
  event_name: z.string().nullable(),
  identifier_type: z.string(),
  other_profile_ids: z.array(z.uuid()),
  created_at: z.string(),
});
export type IdentityConflict = z.infer<typeof identityConflictSchema>;
/** How many of a profile's conflicts are listed, newest first (a shared kiosk gathers one per event). */
export const CONFLICTS_LISTED = 50;

export const manualMergeSchema = z.object({ survivor_id: uuidInputSchema, merged_id: uuidInputSchema });

export const consentUpdateSchema = z.object({
  consent_type: consentTypeSchema,
  granted: z.boolean(),
  source: z.string().max(100).optional(),
  consent_text: z.string().max(5000).optional(),
  consent_version: z.string().max(50).optional(),
  /**
   * Where the person gave it (their address and browser), when the caller relays a decision the person made
   * elsewhere. The caller's own address is not the person's: it is kept in the audit log, not as proof.
   */
  ip: ipAddressSchema.optional(),
  user_agent: z.string().max(1024).optional(),
});
export type ConsentUpdate = z.input<typeof consentUpdateSchema>;

export const consentsViewSchema = z.object({
  current: z.array(consentStateSchema),
  history: z.array(consentHistoryEntrySchema),
});

export const cdpHealthSchema = z.object({ status: z.literal('healthy'), module: z.literal('cdp'), version: z.string() });



export const profileExportSchema = z.object({
  exported_at: z.string(),
  profile: profileSchema,
  events: z.array(storedEventSchema),
  consents: consentsViewSchema,
  merges: z.array(mergeRecordSchema),
  /** Every identity conflict naming the person's profiles, settled ones included. */
  conflicts: z.array(identityConflictSchema),
});

export const erasureResultSchema = z.object({ suppressed: z.number().int(), events: z.number().int() });
