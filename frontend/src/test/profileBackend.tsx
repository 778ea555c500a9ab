import type { ConsentState, IdentityConflict, MergeRecord, Profile, Role } from '@stratum/contracts';
import type { ConsentsView } from '@/api/cdpProfiles';
import { makeConsentsView, makeIdentifier, makeIdentityGraph, makeMe, makeStoredEvent, uuid } from './factories';
import { fail, ok, page, type FakeApi } from './fakeApi';
import { renderApp } from './render';

/** A fake of the profile API for one profile, for the profile page's tests. */

/** Jane's email, phone and device id, masked or in clear. */
export function identifiersOf(masked: boolean) {
  return [
    makeIdentifier({ type: 'email', value: masked ? 'j***@example.com' : 'jane@example.com', masked, is_primary: true }),
    makeIdentifier({ type: 'phone', value: masked ? '+97150*****67' : '+971501234567', masked }),
    makeIdentifier({ type: 'device_id', value: masked ? 'dv***01' : 'dvc-ios-0001', masked }),
  ];
}

export interface Backend {
  profile: Profile;
  merges?: MergeRecord[];
  consents?: ConsentsView;
  conflicts?: IdentityConflict[];
}

/** The profile endpoints for one profile, with consent and merge state that changes like the real API's. */
export function serveProfile(api: FakeApi, { profile, merges = [], consents = makeConsentsView(), conflicts = [] }: Backend) {
  const base = `/api/v1/cdp/profiles/${profile.id}`;
  let view = consents;
  let history = merges;
  const events = [
    makeStoredEvent({ event_name: 'Purchase', emq_score: 90, profile_id: profile.id, identifier_types: ['email', 'phone', 'device_id'] }),
    makeStoredEvent({ event_name: 'Signed Up', emq_score: 70, profile_id: profile.id }),
    makeStoredEvent({ event_name: 'Product Viewed', emq_score: 45, profile_id: profile.id }),
    makeStoredEvent({ event_name: 'Page Viewed', emq_score: 20, profile_id: profile.id }),
  ];
  api.on('GET', base, ok(profile));
  api.on('GET', `${base}/events`, (request) => ok(page(events, events.length, Number(request.params.page), Number(request.params.page_size))));
  api.on('GET', `${base}/identity-graph`, ok(makeIdentityGraph(profile, 2)));
  api.on('GET', `${base}/merge-history`, () => ok(history));
  api.on('GET', `${base}/conflicts`, ok(conflicts));
  api.on('GET', `${base}/consents`, () => ok(view));
  api.on('PUT', `${base}/consents`, (request) => {
    const body = request.body as { consent_type: ConsentState['consent_type']; granted: boolean; source?: string };
    const state: ConsentState = {
      consent_type: body.consent_type,
      granted: body.granted,
      granted_at: body.granted ? '2026-01-16T09:00:00.000Z' : null,
      revoked_at: body.granted ? null : '2026-01-16T09:00:00.000Z',
      source: body.source ?? null,
      consent_version: null,
      updated_at: '2026-01-16T09:00:00.000Z',
    };
    view = {
      current: [...view.current.filter((c) => c.consent_type !== body.consent_type), state],
      history: [
        ...view.history,
        {
          id: uuid(),
          consent_type: body.consent_type,
          granted: body.granted,
          decided_at: '2026-01-16T09:00:00.000Z',
          source: body.source ?? null,
          ip: '10.0.0.7',
          user_agent: 'vitest',
          consent_text: null,
          consent_version: null,
          event_id: null,
        },
      ],
    };
    return ok(view);
  });
  api.on('POST', /^\/api\/v1\/cdp\/merges\/[^/]+\/undo$/, (request) => {
    const id = request.path.split('/').at(-2);
    const merge = history.find((m) => m.id === id);
    if (!merge) return fail(404, 'Merge not found');
    if (merge.undone_at) return fail(409, 'This merge was already undone');
    history = history.map((m) => (m.id === id ? { ...m, undone_at: '2026-01-16T09:00:00.000Z' } : m));
    return ok(history.find((m) => m.id === id));
  });
}

/** The profile page of `backend.profile`, signed in with `role`, its endpoints served by `backend`. */
export function renderProfile(role: Role, backend: Backend, settings: Record<string, unknown> = { currency: 'AED' }) {
  const me = makeMe(role);
  const view = renderApp({
    me: { ...me, active_tenant: me.active_tenant ? { ...me.active_tenant, settings } : null },
    route: `/cdp/profiles/${backend.profile.id}`,
  });
  serveProfile(view.api, backend);
  return view;
}
