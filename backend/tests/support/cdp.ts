import type { FastifyInstance } from 'fastify';
import type { IngestEvent, IngestResult } from '@stratum/contracts';
import type { Session } from './factories';

let counter = 0;
/** An event with sensible defaults, one minute old. */
export function event(identifiers: IngestEvent['identifiers'], overrides: Partial<IngestEvent> = {}): IngestEvent {
  counter++;
  return {
    event_name: 'Page Viewed',
    event_time: new Date(Date.now() - 60_000).toISOString(),
    identifiers,
    properties: { n: counter },
    ...overrides,
  };
}

export async function sendEvents(app: FastifyInstance, session: Session, events: unknown[], headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/cdp/events', headers: { ...session.headers, ...headers }, payload: { events } });
  if (res.statusCode !== 201) throw new Error(`ingest failed: ${res.statusCode} ${res.body}`);
  return res.json().data as IngestResult;
}

export async function createSource(app: FastifyInstance, session: Session, name = 'Website', source_type = 'website') {
  const res = await app.inject({ method: 'POST', url: '/api/v1/cdp/sources', headers: session.headers, payload: { name, source_type } });
  if (res.statusCode !== 201) throw new Error(`source failed: ${res.statusCode} ${res.body}`);
  return res.json().data as { id: string; source_key: string };
}

export const anon = (value: string) => ({ type: 'anonymous_id', value });
export const email = (value: string) => ({ type: 'email', value });
export const phone = (value: string) => ({ type: 'phone', value });
export const device = (value: string) => ({ type: 'device_id', value });
export const externalId = (value: string) => ({ type: 'external_id', value });
