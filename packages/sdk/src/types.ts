/** Free-form event properties and user/group traits, as in the Segment spec. */
export type Properties = Record<string, unknown>;
export type Traits = Record<string, unknown>;

export type MessageType = 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias';

/** The four categories the CDP records consent for (SPEC §3 `cdp_consents`, without `all`). */
export interface ConsentPreferences {
  analytics: boolean;
  ads: boolean;
  email: boolean;
  sms: boolean;
}

export interface PageContext {
  path: string;
  url: string;
  title: string;
  referrer: string;
  search: string;
}

// A type alias rather than an interface so that it stays assignable to the contracts' `Record<string, unknown>`.
export type MessageContext = {
  library: { name: string; version: string };
  page: PageContext;
  userAgent: string;
  locale: string;
  timezone?: string;
  screen: { width: number; height: number };
  campaign?: Record<string, string>;
  consent?: { categoryPreferences: ConsentPreferences };
};

/** One Segment-spec message as it travels in `POST /v1/batch` `{ batch, sentAt }`. */
export type Message = {
  type: MessageType;
  messageId: string;
  /** Client clock when the call was made; the server corrects skew with the batch's `sentAt`. */
  timestamp: string;
  anonymousId: string;
  userId?: string;
  event?: string;
  name?: string;
  properties?: Properties;
  traits?: Traits;
  groupId?: string;
  previousId?: string;
  context: MessageContext;
};

export interface LoadOptions {
  /** Origin of the Stratum API, e.g. `https://cdp.example.com`. Defaults to the origin the SDK was loaded from. */
  host?: string;
  /** Send as soon as this many messages are waiting. */
  flushAt?: number;
  /** Send whatever is waiting this many milliseconds after the first unsent message. */
  flushInterval?: number;
  /** Most messages kept while offline or rate limited; the oldest are dropped beyond it. */
  maxQueue?: number;
  /**
   * Hold everything in memory (no cookie, no storage, no request) until `consent({ analytics: true })`, whatever the
   * source's settings say. Without it the tenant's own setting decides (read from the source's settings at load).
   */
  requireConsent?: boolean;
  /** Domain of the anonymous-id cookie, e.g. `.example.com` to share it across subdomains. */
  cookieDomain?: string;
}
