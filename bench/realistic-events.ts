/**
 * A reproducible stream of realistic CDP traffic: people browse anonymously, some sign up (anonymous id + email),
 * some buy (email + purchase with a total), some come back on a second device that later logs in (cross-device
 * merge). A seeded PRNG makes every run send the same events.
 */
export interface BenchEvent {
  event_name: string;
  event_time: string;
  identifiers: { type: string; value: string }[];
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  idempotency_key: string;
}

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAGES = ['/', '/shop', '/shop/shoes', '/shop/bags', '/cart', '/about', '/blog/summer-sale'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
];

export function realisticEvents(count: number, seed = 42): BenchEvent[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const people = Math.max(10, Math.floor(count / 12));
  const start = Date.now() - 3_600_000;
  const events: BenchEvent[] = [];
  for (let i = 0; events.length < count; i++) {
    const person = Math.floor(random() * people);
    const anon = `anon-${seed}-${person}`;
    const email = `person${person}@bench.example`;
    const device = `device-${seed}-${person}`;
    const roll = random();
    const time = new Date(start + (i / count) * 3_500_000).toISOString();
    const context = {
      ip: `10.${person % 250}.${(person >> 8) % 250}.${(i % 250) + 1}`,
      user_agent: pick(AGENTS),
      locale: random() < 0.4 ? 'ar-AE' : 'en-US',
      campaign: random() < 0.3 ? { source: 'instagram', medium: 'paid', name: 'summer' } : undefined,
      page: { path: pick(PAGES) },
    };
    let event: Omit<BenchEvent, 'idempotency_key' | 'event_time' | 'context'>;
    if (roll < 0.62) {
      event = { event_name: 'Page Viewed', identifiers: [{ type: 'anonymous_id', value: anon }], properties: { path: context.page.path, referrer: 'https://www.google.com/' } };
    } else if (roll < 0.74) {
      event = { event_name: 'Product Viewed', identifiers: [{ type: 'anonymous_id', value: anon }], properties: { sku: `SKU-${Math.floor(random() * 500)}`, price: Math.round(random() * 900) + 50 } };
    } else if (roll < 0.84) {
      event = {
        event_name: 'Signed Up',
        identifiers: [{ type: 'anonymous_id', value: anon }, { type: 'email', value: email }],
        properties: { method: 'email' },
      };
    } else if (roll < 0.93) {
      event = {
        event_name: 'Order Completed',
        identifiers: [{ type: 'email', value: email }],
        properties: { order_id: `O-${i}`, total: Math.round(random() * 200_000) / 100, currency: random() < 0.6 ? 'AED' : 'USD' },
      };
    } else {
      // A second device: anonymous at first, then the person logs in on it (bridges device ↔ email).
      event = {
        event_name: 'Logged In',
        identifiers: [{ type: 'device_id', value: device }, { type: 'email', value: email }, { type: 'phone', value: `+9715${String(10_000_000 + person).slice(-8)}` }],
        properties: { platform: 'ios' },
      };
    }
    events.push({ ...event, event_time: time, context, idempotency_key: `bench-${seed}-${i}` });
  }
  return events;
}
