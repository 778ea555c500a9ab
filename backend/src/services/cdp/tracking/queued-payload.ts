import type { SegmentType } from '@stratum/contracts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasWriteKey = (value: unknown) => isObject(value) && 'writeKey' in value;
const withoutWriteKey = (value: unknown) => (isObject(value) ? { ...value, writeKey: undefined } : value);

/**
 * What the queue keeps of a validated request: a Segment batch body, as received (`raw`) when possible, so the
 * acknowledgement never serialises the messages again. A single-message endpoint's message becomes a batch of one.
 * A write key sent in the body or in a message (sendBeacon, some SDKs) is a credential: those bodies are written
 * out again without it, judged on the parsed body so an escaped key name cannot slip through.
 */
export function queuedPayload(raw: string | undefined, body: unknown, forcedType: SegmentType | undefined): string {
  const messages = forcedType ? [body] : isObject(body) && Array.isArray(body.batch) ? body.batch : [];
  const carriesKey = hasWriteKey(body) || messages.some(hasWriteKey);
  let clean: string;
  if (raw !== undefined && !carriesKey) clean = raw;
  else if (forcedType) clean = JSON.stringify(withoutWriteKey(body));
  else clean = JSON.stringify({ ...(body as Record<string, unknown>), writeKey: undefined, batch: messages.map(withoutWriteKey) });
  return forcedType ? `{"batch":[${clean}]}` : clean;
}
