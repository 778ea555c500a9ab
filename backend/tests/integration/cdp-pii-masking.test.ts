import { beforeAll, describe, expect, it } from 'vitest';
import { liveCursorAt } from '../../src/services/cdp/events/live-cursor';
import { LiveFeed } from '../../src/services/cdp/events/live-feed';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { login, makeUser, type Session } from '../support/factories';
import { createSource, event, externalId, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin();
let analyst: Session;
beforeAll(async () => {
  analyst = await login(t.app, (await makeUser(t.db.db, { tenantId: t.tenantId, role: 'analyst' })).email);
});

const get = (url: string, session: Session) => t.app.inject({ url, headers: session.headers });
const post = (url: string, payload: object, session: Session) => t.app.inject({ method: 'POST', url, payload, headers: session.headers });

// A person's email and phone sent as traits and properties, not as identifiers: stored as given, so masked on the way out.
const personal = {
  traits: { email: 'Secret.Person@piitest.com', phone: '+971500838408', plan: 'gold' },
  properties: {
    contact: { mobile: '+971500838408', whatsapp: 971500838408, note: 'or call +971 50 083 8408' },
    page_url: 'https://shop.example/welcome?who=secret.person@piitest.com&ref=mail',
    items: 2,
  },
  context: { traits: { email: 'secret.person@piitest.com' }, locale: 'en-AE', ip: '203.0.113.77' },
};

describe('personal data outside identifiers', () => {
  it('is masked in traits, properties and context for callers who may not read PII, and clear for those who may', async () => {
    const source = await createSource(t.app, t.admin, 'Masking');
    const start = liveCursorAt(Date.now() - 1_000);
    const sent = await sendEvents(t.app, t.admin, [event([externalId('pii-masking-1')], { event_name: 'Signed Up', ...personal })], { 'x-source-key': source.source_key });
    const profileId = sent.results[0]!.profile_id!;

    const profile = (await get(`/api/v1/cdp/profiles/${profileId}`, analyst)).json().data;
    expect(profile.traits).toEqual({ email: 'S***@piitest.com', phone: '+97150*****08', plan: 'gold' });
    const looked = await post('/api/v1/cdp/profiles/lookup', { identifier_type: 'external_id', identifier_value: 'pii-masking-1' }, analyst);
    expect(looked.json().data.traits.email).toBe('S***@piitest.com');

    const listed = (await get(`/api/v1/cdp/events?profile_id=${profileId}`, analyst)).json().data.items;
    expect(listed[0].properties).toEqual({
      contact: { mobile: '+97150*****08', whatsapp: '971500****08', note: 'or call +971 5********08' },
      page_url: 'https://shop.example/welcome?who=s***@piitest.com&ref=mail',
      items: 2,
    });
    expect(listed[0].context).toMatchObject({ traits: { email: 's***@piitest.com' }, locale: 'en-AE', ip: '203.0.113.***' });
    const timeline = (await get(`/api/v1/cdp/profiles/${profileId}/events`, analyst)).body;
    const exported = (await get(`/api/v1/cdp/profiles/${profileId}/export`, analyst)).body;
    const live = await new LiveFeed(t.db.db, t.tenantId, source.id, start, false).poll();
    expect(live.events).toHaveLength(1);
    for (const shown of [JSON.stringify(profile), JSON.stringify(listed), timeline, exported, JSON.stringify(live.events)]) {
      expect(shown.toLowerCase()).not.toContain('secret.person');
      expect(shown).not.toContain('838408');
      expect(shown).not.toContain('8408');
      expect(shown).not.toContain('113.77');
    }

    // PII readers see what was sent.
    expect((await get(`/api/v1/cdp/profiles/${profileId}`, t.admin)).json().data.traits).toEqual(personal.traits);
    expect((await get(`/api/v1/cdp/events?profile_id=${profileId}`, t.admin)).json().data.items[0].properties).toEqual(personal.properties);
    expect((await get(`/api/v1/cdp/profiles/${profileId}/export`, t.admin)).body).toContain('secret.person@piitest.com');
    const clearLive = await new LiveFeed(t.db.db, t.tenantId, source.id, start, true).poll();
    expect(clearLive.events[0]!.properties).toEqual(personal.properties);
  });

  it('is masked in the proof kept with consent decisions (wording, source, address) for callers who may not read PII', async () => {
    const sent = await sendEvents(t.app, t.admin, [event([externalId('pii-masking-consent')], { event_name: 'Opened' })]);
    const profileId = sent.results[0]!.profile_id!;
    const decision = { consent_type: 'email', granted: true, consent_text: 'Subscribed uma.private@piitest.com / +971509990001', source: 'form uma.private@piitest.com' };
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/cdp/profiles/${profileId}/consents`, payload: decision, headers: { ...t.admin.headers, 'x-forwarded-for': '203.0.113.9' } });
    expect(put.statusCode).toBe(200);
    const shown = [
      (await get(`/api/v1/cdp/profiles/${profileId}/consents`, analyst)).body,
      (await get(`/api/v1/cdp/profiles/${profileId}`, analyst)).body,
      (await get(`/api/v1/cdp/profiles/${profileId}/export`, analyst)).body,
    ];
    for (const body of shown) {
      expect(body).not.toContain('uma.private');
      expect(body).not.toContain('9990001');
    }
    const history = JSON.parse(shown[0]!).data.history[0];
    expect(history).toMatchObject({ consent_text: 'Subscribed u***@piitest.com / +97150*****01', source: 'form u***@piitest.com' });
    expect(history.ip === null || history.ip.endsWith('.***') || history.ip.endsWith(':***')).toBe(true);
    const clear = (await get(`/api/v1/cdp/profiles/${profileId}/consents`, t.admin)).json().data.history[0];
    expect(clear).toMatchObject({ consent_text: decision.consent_text, source: decision.source });
  });
});
