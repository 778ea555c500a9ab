import {
  permissionsFor,
  type Anomaly,
  type AnomalySummary,
  type AuditLog,
  type DataHealth,
  type EmqInsights,
  type EventStatistics,
  type EventTrend,
  type ProfileStatistics,
  type TenantRoiInputs,
  type IdentityGraph,
  type Me,
  type MergeRecord,
  type Profile,
  type ProfileIdentifier,
  type ProfileSummary,
  type Role,
  type Source,
  type SourceWithKey,
  type StoredEvent,
  type Tenant,
  type TenantOverview,
  type User,
} from '@stratum/contracts';
import type { ConsentsView } from '@/api/cdpProfiles';

let sequence = 0;
/** Deterministic, valid v4-shaped UUIDs so assertions can name them. */
export function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString().padStart(12, '0')}`;
}

const NOW = '2026-01-15T10:30:00.000Z';

export function makeTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: uuid(),
    name: 'Demo Company',
    slug: 'demo',
    plan: 'growth',
    feature_flags: {},
    settings: {},
    is_active: true,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function makeMe(role: Role = 'admin', overrides: Partial<Me> = {}): Me {
  const tenant = makeTenant();
  return {
    id: uuid(),
    email: `${role}@example.com`,
    full_name: `Ada ${role}`,
    role,
    tenant_id: role === 'superadmin' ? null : tenant.id,
    active_tenant:
      role === 'superadmin'
        ? null
        : { id: tenant.id, name: tenant.name, slug: tenant.slug, feature_flags: {}, settings: {} },
    permissions: permissionsFor(role),
    ...overrides,
  };
}

export function makeUser(overrides: Partial<User> = {}): User {
  const id = uuid();
  return {
    id,
    email: `user-${id.slice(-4)}@example.com`,
    full_name: `User ${id.slice(-4)}`,
    role: 'viewer',
    tenant_id: null,
    is_active: true,
    last_login_at: null,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function makeAuditLog(overrides: Partial<AuditLog> = {}): AuditLog {
  return {
    id: uuid(),
    tenant_id: null,
    actor_id: null,
    actor_email: 'admin@example.com',
    action: 'user.create',
    resource_type: 'user',
    resource_id: uuid(),
    ip: '127.0.0.1',
    user_agent: 'vitest',
    request_id: 'req-1',
    changes: null,
    created_at: NOW,
    ...overrides,
  };
}

export function makeOverview(tenant: Tenant = makeTenant(), overrides: Partial<TenantOverview> = {}): TenantOverview {
  return { tenant, users_total: 8, users_active: 5, audit_events_7d: 42, ...overrides };
}

export function makeSource(overrides: Partial<Source> = {}): Source {
  return {
    id: uuid(),
    name: 'Main website',
    source_type: 'website',
    key_prefix: 'cdp_Ab12Cd',
    config: {},
    is_active: true,
    event_count: 0,
    last_event_at: null,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function makeSourceWithKey(overrides: Partial<SourceWithKey> = {}): SourceWithKey {
  const key = overrides.source_key ?? 'cdp_Ab12CdEf34GhIj56KlMn78OpQr90StUv';
  return { ...makeSource({ key_prefix: key.slice(0, 10) }), source_key: key, ...overrides };
}

export function makeIdentifier(overrides: Partial<ProfileIdentifier> = {}): ProfileIdentifier {
  return {
    id: uuid(),
    type: 'email',
    value: 'jane@example.com',
    masked: false,
    is_primary: false,
    confidence_score: 1,
    verified_at: null,
    first_seen_at: NOW,
    last_seen_at: NOW,
    ...overrides,
  };
}

export function makeProfileSummary(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    id: uuid(),
    lifecycle_stage: 'known',
    canonical_identity: { type: 'email', value: 'jane@example.com' },
    first_seen_at: NOW,
    last_seen_at: NOW,
    total_events: 12,
    total_sessions: 3,
    total_purchases: 1,
    total_revenue: 250,
    ...overrides,
  };
}

export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  const identifiers = overrides.identifiers ?? [
    makeIdentifier({ type: 'email', value: 'jane@example.com', is_primary: true }),
    makeIdentifier({ type: 'anonymous_id', value: 'anon-7f3a9c' }),
  ];
  const primary = identifiers.find((i) => i.is_primary) ?? identifiers[0];
  return {
    ...makeProfileSummary({ canonical_identity: primary ? { type: primary.type, value: primary.value } : null }),
    external_id: null,
    traits: { first_name: 'Jane', plan: 'gold' },
    computed_traits: {},
    identifiers,
    identifiers_total: identifiers.length,
    consents: [],
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function makeStoredEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: uuid(),
    profile_id: null,
    source_id: null,
    event_name: 'Page Viewed',
    event_time: NOW,
    received_at: NOW,
    idempotency_key: null,
    properties: { path: '/pricing' },
    context: {},
    identifier_types: ['anonymous_id'],
    emq_score: 65,
    status: 'processed',
    ...overrides,
  };
}

/** A graph over the profile's identifiers, each consecutive pair linked by one event. */
export function makeIdentityGraph(profile: Profile, occurrences = 1): IdentityGraph {
  const nodes = profile.identifiers.map(({ id, type, value, is_primary }) => ({ id, type, value, is_primary }));
  return {
    profile_id: profile.id,
    nodes,
    total_nodes: nodes.length,
    edges: nodes.slice(1).map((node, index) => ({
      from: nodes[index]!.id,
      to: node.id,
      link_type: 'event',
      evidence_event_id: uuid(),
      occurrences,
      first_seen_at: NOW,
    })),
  };
}

export function makeMergeRecord(overrides: Partial<MergeRecord> = {}): MergeRecord {
  return {
    id: uuid(),
    survivor_id: uuid(),
    merged_id: uuid(),
    reason: 'identifier',
    identifier_type: 'email',
    evidence_event_id: uuid(),
    merged_by: null,
    created_at: NOW,
    undone_at: null,
    ...overrides,
  };
}

export function makeConsentsView(overrides: Partial<ConsentsView> = {}): ConsentsView {
  return { current: [], history: [], ...overrides };
}

export function makeEventStatistics(overrides: Partial<EventStatistics> = {}): EventStatistics {
  return {
    from: '2026-01-08T10:00:00.000Z',
    to: NOW,
    total_events: 1200,
    total_purchases: 40,
    total_revenue: 18_500,
    by_event_name: [
      { event_name: 'Page Viewed', events: 900, purchases: 0, revenue: 0 },
      { event_name: 'Purchase', events: 40, purchases: 40, revenue: 18_500 },
      { event_name: 'Signed Up', events: 260, purchases: 0, revenue: 0 },
    ],
    by_source: [
      { source_id: uuid(), source_name: 'Main website', events: 1000 },
      { source_id: null, source_name: null, events: 200 },
    ],
    ...overrides,
  };
}

export function makeEventTrend(points: EventTrend['points'] = [], interval: EventTrend['interval'] = 'hour', time_zone = 'UTC'): EventTrend {
  return { interval, time_zone, points };
}

export function makeProfileStatistics(overrides: Partial<ProfileStatistics> = {}): ProfileStatistics {
  return {
    total_profiles: 2500,
    by_lifecycle: { anonymous: 1437, known: 700, customer: 363, churned: 0 },
    identified_share: 42.52,
    identifiers_per_profile: 1.84,
    merges_total: 310,
    merges_by_day: [],
    ...overrides,
  };
}

export function makeEmqInsights(overrides: Partial<EmqInsights> = {}): EmqInsights {
  return {
    average_7d: 72.4,
    events_7d: 5400,
    bands: { excellent: 35.5, good: 40, fair: 20, poor: 4.5 },
    by_source: [{ source_id: uuid(), source_name: 'Main website', average: 74.2, events: 5000 }],
    trend: [],
    time_zone: 'UTC',
    ...overrides,
  };
}

export function makeDataHealth(overrides: Partial<DataHealth> = {}): DataHealth {
  return {
    score: 78.4,
    gate: 'pass',
    components: {
      emq: { value: 72.4, score: 72.4, weight: 0.5 },
      identity: { value: 42.52, score: 87.53, weight: 0.25 },
      recency: { value: 350, score: 100, weight: 0.15 },
      consent: { value: 38, score: 60, weight: 0.1 },
    },
    ...overrides,
  };
}

export function makeAnomaly(overrides: Partial<Anomaly> = {}): Anomaly {
  return {
    event_name: 'Page Viewed',
    source_id: uuid(),
    source_name: 'Main website',
    hour: NOW,
    observed: 1240,
    expected: 85,
    deviation: 41.3,
    severity: 'high',
    direction: 'spike',
    ...overrides,
  };
}

export function makeAnomalySummary(anomalies: Anomaly[], windowHours = 24): AnomalySummary {
  const count = (severity: Anomaly['severity']) => anomalies.filter((a) => a.severity === severity).length;
  return {
    window_hours: windowHours,
    total: anomalies.length,
    by_severity: { low: count('low'), medium: count('medium'), high: count('high') },
    spikes: anomalies.filter((a) => a.direction === 'spike').length,
    drops: anomalies.filter((a) => a.direction === 'drop').length,
    latest: anomalies[0] ?? null,
  };
}

export function makeRoiInputs(overrides: Partial<TenantRoiInputs> = {}): TenantRoiInputs {
  return {
    match_rate: 42.52,
    conversion_rate: 1.87,
    monthly_sessions: 6100,
    average_order_value: 462.5,
    currency: 'AED',
    based_on: { profiles: 2500, sessions: 6100, purchases: 114 },
    ...overrides,
  };
}
