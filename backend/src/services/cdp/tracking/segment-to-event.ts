import { eventContextSchema, ipAddressSchema, segmentMessageSchema, type SegmentMessage, type SegmentType } from '@stratum/contracts';
import { refusedContentAt, refusalReason } from '../../../core/refused-content';
import { implausibleTime } from '../ingest/prepare-events';

/**
 * Segment/RudderStack messages → CDP events, so existing SDKs feed the same identity pipeline. The result always
 * satisfies the tracked-event contract (a test checks it), so the fast path validates each message once:
 * userId → external_id, anonymousId → anonymous_id, traits.email / traits.phone (also under context.traits) and
 * context.device.id / advertisingId → identifiers, `event` → the event name verbatim, messageId → idempotency key,
 * consent categories → consent.
 */

export interface MappedEvent {
  event_name: string;
  event_time: string;
  identifiers: { type: string; value: string }[];
  idempotency_key?: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits?: Record<string, unknown>;
  consent?: { analytics?: boolean; ads?: boolean; email?: boolean; sms?: boolean };
}

const EVENT_NAMES: Record<Exclude<SegmentType, 'track'>, string> = {
  identify: 'Identify',
  page: 'Page Viewed',
  screen: 'Screen Viewed',
  group: 'Group',
  alias: 'Alias',
};

/** The name a message's event would be stored under, as far as it can be told (for the debugger's refusals). */
export function segmentEventNameOf(raw: unknown, forcedType?: SegmentType): string | null {
  const message = asObject(raw);
  const type = forcedType ?? message.type;
  if (type === 'track' || type === undefined) return asString(message.event) ?? null;
  return typeof type === 'string' && type in EVENT_NAMES ? EVENT_NAMES[type as keyof typeof EVENT_NAMES] : null;
}

// The stored event's own rule: a client IP it would refuse falls back to the request's address instead.
const isIp = (v: string) => ipAddressSchema.safeParse(v).success;
const MAX_IDENTIFIER = 512;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const asObject = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** `timestamp = receivedAt − (sentAt − timestamp)`: the client clock's error cancels out. */
export function correctedTime(message: SegmentMessage, batchSentAt: string | undefined, receivedAt: Date): Date {
  const stamp = message.timestamp ?? message.originalTimestamp;
  const sentAt = message.sentAt ?? batchSentAt;
  if (!stamp) return receivedAt;
  const t = new Date(stamp).getTime();
  if (!sentAt) return new Date(t);
  return new Date(receivedAt.getTime() - (new Date(sentAt).getTime() - t));
}

/** Consent-manager category names vary (OneTrust, Segment Consent…); match them by meaning. */
export function consentFromCategories(preferences: Record<string, unknown>): MappedEvent['consent'] {
  const consent: NonNullable<MappedEvent['consent']> = {};
  for (const [category, value] of Object.entries(preferences)) {
    if (typeof value !== 'boolean') continue;
    const name = category.toLowerCase();
    // A channel named in the category wins over "marketing": "Email Marketing" is the email consent, not ads.
    if (/e-?mail/.test(name)) consent.email = value;
    else if (/sms/.test(name)) consent.sms = value;
    else if (/advert|^ads$|targeting|marketing/.test(name)) consent.ads = value;
    else if (/analytic|performance|statistic/.test(name)) consent.analytics = value;
    else if (/text/.test(name)) consent.sms = value;
  }
  return Object.keys(consent).length ? consent : undefined;
}

/** `aliasedUserId`: an alias's previous id taken as an anonymous id that may yet turn out to be a user id. */
export type MapResult = { ok: true; event: MappedEvent; aliasedUserId?: string } | { ok: false; error: string };
export type CheckResult = { ok: true; message: SegmentMessage; type: SegmentType } | { ok: false; error: string };

/**
 * Validates one message as Segment's API would (schema, then what its type requires, then its time as corrected
 * for the client's clock). The acknowledgement runs this alone, so a request with a bad message is refused before
 * anything is stored; the drain maps what passed, and would otherwise drop a message whose time it cannot store
 * after the client was told it was.
 */
export function checkSegmentMessage(
  raw: unknown,
  forcedType: SegmentType | undefined,
  { batchSentAt, receivedAt }: { batchSentAt?: string; receivedAt: Date },
): CheckResult {
  // The message as sent (see prepareEvent).
  const refused = refusedContentAt(raw);
  if (refused) return { ok: false, error: refusalReason(refused) };
  const parsed = segmentMessageSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') };
  }
  const message = parsed.data;
  const type = forcedType ?? message.type;
  if (!type) return { ok: false, error: 'type: required in a batch (track, identify, page, screen, group or alias)' };
  if (type === 'track' && !message.event) return { ok: false, error: 'event: required for track' };
  if (type === 'group' && !message.groupId) return { ok: false, error: 'groupId: required for group' };
  // A group's traits are stored a level deeper than sent (under `group:{id}` in the profile's traits).
  const groupRefused = type === 'group' ? refusedContentAt(message.traits, 'traits', 2) : null;
  if (groupRefused) return { ok: false, error: refusalReason(groupRefused) };
  if (type === 'alias' && (!message.previousId || !message.userId)) return { ok: false, error: 'alias needs userId and previousId' };
  if (!asString(message.userId) && !asString(message.anonymousId)) return { ok: false, error: 'userId or anonymousId is required' };
  const badTime = implausibleTime(correctedTime(message, batchSentAt, receivedAt), receivedAt);
  if (badTime) return { ok: false, error: `timestamp: ${badTime} (after correcting for the client's clock with sentAt)` };
  return { ok: true, message, type };
}

/** The context fields the CDP reads, each with its rule (see eventContextSchema). */
const CHECKED_CONTEXT_FIELDS: ReadonlyMap<string, { safeParse(value: unknown): { success: boolean } }> = new Map(Object.entries(eventContextSchema.shape));
/** Mapped below, or kept out: traits and the device's ids become identifiers and traits, encrypted or masked. */
const MAPPED_CONTEXT_FIELDS = new Set(['traits', 'userAgent', 'device', 'ip']);

/**
 * The message's context as stored: as sent (device, os, app, network, referrer… stay for whoever reads the event),
 * with `userAgent` under the CDP's name and every field the CDP reads of its type — one that is not is dropped, so
 * an acknowledged message always maps to a valid event. Traits and the device's ids are left out: they must not
 * also sit in clear here. Built afresh rather than deleted from (the drain maps every message).
 */
function storedContext(context: Record<string, unknown>, requestIp: string): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const key of Object.keys(context)) {
    const value = context[key];
    if (MAPPED_CONTEXT_FIELDS.has(key) || value === undefined) continue;
    const rule = CHECKED_CONTEXT_FIELDS.get(key);
    if (!rule || rule.safeParse(value).success) stored[key] = value;
  }
  // A malformed client IP is dropped (the request's own address stands in), not a reason to refuse the event.
  const ip = asString(context.ip);
  stored.ip = ip && isIp(ip) ? ip : requestIp;
  const agent = asString(context.userAgent)?.slice(0, 1024);
  if (agent) stored.user_agent = agent;
  if (isObject(context.device)) {
    const { id: _id, advertisingId: _advertisingId, ...described } = context.device;
    if (Object.keys(described).length) stored.device = described;
  }
  return stored;
}

export function segmentToEvent(
  raw: unknown,
  options: {
    forcedType?: SegmentType;
    batchSentAt?: string;
    batchContext?: Record<string, unknown>;
    receivedAt: Date;
    requestIp: string;
    /** Alias previous ids known to be user ids (see previousUserIds); any other is an anonymous id. */
    previousUserIds?: ReadonlySet<string>;
  },
): MapResult {
  const checked = checkSegmentMessage(raw, options.forcedType, options);
  if (!checked.ok) return checked;
  const { message, type } = checked;

  const context = { ...asObject(options.batchContext), ...asObject(message.context) };
  const traits = { ...asObject(context.traits), ...(type === 'identify' ? asObject(message.traits) : {}) };
  const identifiers: MappedEvent['identifiers'] = [];
  const userId = asString(message.userId);
  const anonymousId = asString(message.anonymousId);
  if (userId) identifiers.push({ type: 'external_id', value: userId });
  if (anonymousId) identifiers.push({ type: 'anonymous_id', value: anonymousId });
  let aliasedUserId: string | undefined;
  if (type === 'alias') {
    // Segment's previousId is the id the person had before: an anonymous id, or a user id they were identified by.
    const previousId = String(message.previousId);
    const isUserId = options.previousUserIds?.has(previousId) ?? false;
    identifiers.push({ type: isUserId ? 'external_id' : 'anonymous_id', value: previousId });
    if (!isUserId) aliasedUserId = previousId;
  }
  // Mobile SDKs name the device; its advertising id too, unless the user limited ad tracking (then iOS reports
  // zeros, which normalisation refuses anyway).
  const device = asObject(context.device);
  const deviceId = asString(device.id)?.slice(0, MAX_IDENTIFIER);
  const advertisingId = device.adTrackingEnabled === false ? undefined : asString(device.advertisingId)?.slice(0, MAX_IDENTIFIER);
  if (deviceId) identifiers.push({ type: 'device_id', value: deviceId });
  if (advertisingId && advertisingId !== deviceId) identifiers.push({ type: 'device_id', value: advertisingId });
  const email = asString(traits.email)?.slice(0, MAX_IDENTIFIER);
  const phone = asString(traits.phone)?.slice(0, MAX_IDENTIFIER);
  if (email) identifiers.push({ type: 'email', value: email });
  if (phone) identifiers.push({ type: 'phone', value: phone });

  // Email and phone become encrypted identifiers; they must not also sit in clear among the traits.
  const { email: _email, phone: _phone, ...profileTraits } = traits;
  let eventTraits: Record<string, unknown> | undefined;
  if (type === 'identify' && Object.keys(profileTraits).length) eventTraits = profileTraits;
  if (type === 'group') eventTraits = { [`group:${message.groupId}`]: { id: message.groupId, ...asObject(message.traits) } };

  const properties: Record<string, unknown> = { ...asObject(message.properties) };
  if ((type === 'page' || type === 'screen') && message.name) properties.name = message.name;
  if ((type === 'page' || type === 'screen') && message.category) properties.category = message.category;
  if (type === 'group') properties.group_id = message.groupId;

  const mappedContext = storedContext(context, options.requestIp);

  return {
    ok: true,
    aliasedUserId,
    event: {
      event_name: type === 'track' ? message.event! : EVENT_NAMES[type],
      event_time: correctedTime(message, options.batchSentAt, options.receivedAt).toISOString(),
      identifiers,
      idempotency_key: message.messageId,
      properties,
      context: mappedContext,
      traits: eventTraits,
      consent: consentFromCategories(asObject(asObject(context.consent).categoryPreferences)),
    },
  };
}
