/**
 * The demo tenant's data: a month in the life of a Gulf retailer, reproducible from a seed. People browse
 * anonymously on the website, some sign up (with consent choices), buy in AED or USD, come back on the mobile
 * app and log in there (a cross-device merge), one recent hour carries a bot spike for the anomaly list, and a shared
 * store tablet shows merge protection at work.
 */
export interface DemoEvent {
  source: 'website' | 'app';
  event_name: string;
  event_time: string;
  identifiers: { type: string; value: string }[];
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits?: Record<string, unknown>;
  consent?: { analytics?: boolean; ads?: boolean; email?: boolean; sms?: boolean };
  idempotency_key: string;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Aisha', 'Omar', 'Fatima', 'Khalid', 'Layla', 'Yousef', 'Mariam', 'Ahmed', 'Sara', 'James', 'Priya', 'Chen'];
const LAST = ['Al Mansoori', 'Haddad', 'Khan', 'Rahman', 'Smith', 'Nair', 'Al Zaabi', 'Saleh', 'Wang', 'Fernandes'];
const CITIES = ['Dubai', 'Abu Dhabi', 'Sharjah', 'Riyadh', 'Doha'];
const PAGES = ['/', '/women', '/men', '/sale', '/abayas', '/perfumes', '/cart'];
const CAMPAIGNS = [{ source: 'instagram', medium: 'paid', name: 'ramadan' }, { source: 'google', medium: 'cpc', name: 'brand' }, { source: 'newsletter', medium: 'email', name: 'weekly' }];
const AGENTS = {
  website: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  app: 'StratumShop/4.2 (iPhone; iOS 17.5)',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function demoEvents(people = 2500, seed = 2026, now = Date.now()): DemoEvent[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const events: DemoEvent[] = [];
  let n = 0;
  // A visit that would run past now simply has not happened yet (clamping would pile events up at "now").
  const push = (e: Omit<DemoEvent, 'idempotency_key'>) => {
    if (Date.parse(e.event_time) <= now - 60_000) events.push({ ...e, idempotency_key: `demo-${seed}-${n++}` });
  };
  // Evenings (Gulf time, UTC+4) are busier than nights.
  const hourOfDay = () => (random() < 0.7 ? 12 + Math.floor(random() * 10) : Math.floor(random() * 24));

  for (let p = 0; p < people; p++) {
    const anon = `web-${seed}-${p}`;
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${p}@example.ae`;
    const campaign = random() < 0.35 ? pick(CAMPAIGNS) : undefined;
    const ip = `94.${(p >> 8) % 250}.${p % 250}.${1 + (p % 200)}`;
    let t = now - Math.floor(random() * 30) * DAY - (now % DAY) + hourOfDay() * HOUR + Math.floor(random() * 50) * 60_000;
    if (t > now - 5 * 60_000) t -= DAY; // a visit later today has not happened yet: it was yesterday
    const step = () => (t += Math.floor(30_000 + random() * 300_000));
    const webContext = () => ({ ip, user_agent: AGENTS.website, locale: random() < 0.45 ? 'ar-AE' : 'en-AE', page: { path: pick(PAGES) }, campaign });

    const views = 1 + Math.floor(random() * 5);
    for (let v = 0; v < views; v++) {
      push({ source: 'website', event_name: 'Page Viewed', event_time: new Date(step()).toISOString(), identifiers: [{ type: 'anonymous_id', value: anon }], properties: { path: pick(PAGES) }, context: webContext() });
    }
    if (random() < 0.45) {
      push({ source: 'website', event_name: 'Product Viewed', event_time: new Date(step()).toISOString(), identifiers: [{ type: 'anonymous_id', value: anon }], properties: { sku: `SKU-${Math.floor(random() * 300)}`, price: 50 + Math.floor(random() * 900) }, context: webContext() });
    }
    if (random() >= 0.42) continue; // most visitors never sign up

    const phone = random() < 0.5 ? `+97150${String(1_000_000 + p).slice(-7)}` : undefined;
    push({
      source: 'website',
      event_name: 'Signed Up',
      event_time: new Date(step()).toISOString(),
      identifiers: [{ type: 'anonymous_id', value: anon }, { type: 'email', value: email }, ...(phone ? [{ type: 'phone', value: phone }] : [])],
      properties: { method: random() < 0.7 ? 'email' : 'google' },
      traits: { name, city: pick(CITIES), preferred_language: random() < 0.45 ? 'ar' : 'en' },
      consent: { analytics: true, ads: random() < 0.6, email: random() < 0.55, sms: phone ? random() < 0.3 : false },
      context: webContext(),
    });
    const orders = random() < 0.55 ? 1 + Math.floor(random() * 3) : 0;
    for (let o = 0; o < orders; o++) {
      t += Math.floor(random() * 4 * DAY);
      const aed = random() < 0.7;
      push({
        source: 'website',
        event_name: 'Order Completed',
        event_time: new Date(t).toISOString(),
        identifiers: [{ type: 'email', value: email }],
        properties: { order_id: `D-${p}-${o}`, total: Math.round((aed ? 150 + random() * 2500 : 40 + random() * 700) * 100) / 100, currency: aed ? 'AED' : 'USD' },
        context: webContext(),
      });
    }
    if (random() < 0.3) {
      // The mobile app: anonymous on a new device first, then the person logs in there.
      const device = `ios-${seed}-${p}`;
      t += Math.floor(random() * 3 * DAY);
      push({ source: 'app', event_name: 'App Opened', event_time: new Date(t).toISOString(), identifiers: [{ type: 'device_id', value: device }], properties: { version: '4.2' }, context: { user_agent: AGENTS.app, ip } });
      push({ source: 'app', event_name: 'Logged In', event_time: new Date(step()).toISOString(), identifiers: [{ type: 'device_id', value: device }, { type: 'email', value: email }], properties: { method: 'password' }, context: { user_agent: AGENTS.app, ip } });
    }
  }

  // A bot hitting the site three hours ago: the anomaly the dashboard should show.
  const spikeHour = Math.floor((now - 3 * HOUR) / HOUR) * HOUR;
  for (let b = 0; b < 400; b++) {
    push({ source: 'website', event_name: 'Page Viewed', event_time: new Date(spikeHour + Math.floor(random() * HOUR)).toISOString(), identifiers: [{ type: 'anonymous_id', value: `bot-${seed}-${b % 40}` }], properties: { path: '/sale' }, context: { ip: '203.0.113.7', user_agent: 'python-requests/2.31' } });
  }
  // A tablet in the store where staff sign members in by their member number: one device, five people. Merge
  // protection (one user id a person) keeps them apart and records the conflicts the profile pages list.
  const tablet = `store-tablet-${seed}`;
  for (let m = 0; m < 5; m++) {
    const at = now - 2 * DAY + m * 7 * HOUR;
    push({ source: 'app', event_name: 'Logged In', event_time: new Date(at).toISOString(), identifiers: [{ type: 'device_id', value: tablet }, { type: 'external_id', value: `member-${seed}-${m}` }], properties: { method: 'member number' }, context: { user_agent: AGENTS.app } });
  }
  return events.sort((a, b) => a.event_time.localeCompare(b.event_time));
}
