/**
 * Ready-to-paste setup code for a source, with its origin and key filled in. Each function returns plain text
 * for a CodeBlock; what they send matches the backend's ingest contract (`/api/v1/cdp/ingest`), its
 * Segment-compatible tracking API (`/v1/*`, write key as the Basic-auth user) and the browser SDK's README
 * (`packages/sdk/README.md`).
 */
export interface SnippetTarget {
  /** Where the Stratum API answers, e.g. `https://cdp.example.com`. */
  origin: string;
  /** The full key, or its prefix with an ellipsis when only that is known. */
  sourceKey: string;
}

/** The loader snippet from the SDK README: a stub that queues calls, then `{host}/sdk.js` replays them. */
export function sdkSnippet({ origin, sourceKey }: SnippetTarget): string {
  return `<script>
  (function (w, d, host, writeKey) {
    var s = (w.stratum = w.stratum || []);
    if (!Array.isArray(s) || s.invoked) return;
    s.invoked = true;
    ['load', 'track', 'identify', 'page', 'group', 'alias', 'reset', 'consent', 'flush'].forEach(function (method) {
      s[method] = function () {
        s.push([method, Array.prototype.slice.call(arguments), Date.now()]);
        return s;
      };
    });
    var script = d.createElement('script');
    script.async = true;
    script.src = host + '/sdk.js';
    d.head.appendChild(script);
    s.load(writeKey, { host: host });
    s.page();
  })(window, document, '${origin}', '${sourceKey}');
</script>`;
}

export function sdkUsageSnippet(): string {
  return `// After sign-in: ties this browser's anonymous id to the customer.
stratum.identify('user-123', { email: 'jane@example.com', first_name: 'Jane' });

// Anything the customer does.
stratum.track('Order Completed', { order_id: 'A-1001', total: 250, currency: 'AED' });

// The visitor's consent decision (categories left out keep their earlier answer).
stratum.consent({ analytics: true, ads: false });

// On sign-out: forget the user and start a new anonymous id.
stratum.reset();`;
}

/**
 * Segment's analytics.js (the npm package) works unchanged once it reads its settings from Stratum (`cdnURL`):
 * they send its events back here (`GET /v1/projects/{key}/settings`). The hosted snippet cannot, because it loads
 * the library and its settings from Segment's CDN, which does not know a Stratum key.
 */
export function segmentAnalyticsJsSnippet({ origin, sourceKey }: SnippetTarget): string {
  return `// npm install @segment/analytics-next
import { AnalyticsBrowser } from '@segment/analytics-next';

export const analytics = AnalyticsBrowser.load({ writeKey: '${sourceKey}', cdnURL: '${origin}' });

analytics.identify('user-123', { email: 'jane@example.com' });
analytics.track('Order Completed', { total: 99, currency: 'AED' });`;
}

/**
 * RudderStack's JavaScript SDK (the npm package, which bundles its plugins) with Stratum as its data plane and as
 * where it reads its source's configuration (`{origin}/v1/sourceConfig/`, which names no destination).
 */
export function rudderStackJsSnippet({ origin, sourceKey }: SnippetTarget): string {
  return `// npm install @rudderstack/analytics-js
import { RudderAnalytics } from '@rudderstack/analytics-js';

export const rudderAnalytics = new RudderAnalytics();
rudderAnalytics.load('${sourceKey}', '${origin}', { configUrl: '${origin}/v1' });

rudderAnalytics.identify('user-123', { email: 'jane@example.com' });
rudderAnalytics.track('Order Completed', { total: 99, currency: 'AED' });`;
}

/** The server-side Segment library (analytics-node) with its host pointed at Stratum. */
export function analyticsNodeSnippet({ origin, sourceKey }: SnippetTarget): string {
  return `// npm install @segment/analytics-node
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({ writeKey: '${sourceKey}', host: '${origin}' });

analytics.identify({ userId: 'user-123', traits: { email: 'jane@example.com', plan: 'gold' } });
analytics.track({
  userId: 'user-123',
  event: 'Order Completed',
  properties: { order_id: 'A-1001', total: 250, currency: 'AED' },
});

// Before the process exits:
await analytics.closeAndFlush();`;
}

/** One Segment-spec `track` call over plain HTTP: the key is the Basic-auth user, the password is empty. */
export function trackCurl({ origin, sourceKey }: SnippetTarget): string {
  const body = JSON.stringify(
    { userId: 'user-123', event: 'Order Completed', properties: { order_id: 'A-1001', total: 250, currency: 'AED' } },
    null,
    2,
  );
  return [
    `curl -X POST '${origin}/v1/track' \\`,
    `  -u '${sourceKey}:' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
  ].join('\n');
}

/** The request a server-side GTM "HTTP request" tag sends: where, with which headers. */
export function sgtmRequestSnippet({ origin, sourceKey }: SnippetTarget): string {
  return [`POST ${origin}/api/v1/cdp/ingest`, 'Content-Type: application/json', `X-Source-Key: ${sourceKey}`].join('\n');
}

/** The tag's JSON body, built from sGTM event-data variables (`{{…}}` are GTM variables, not literal text). */
export function sgtmBodySnippet(): string {
  return JSON.stringify(
    {
      events: [
        {
          event_name: '{{Event Name}}',
          event_time: '{{Event Timestamp ISO}}',
          idempotency_key: '{{Event ID}}',
          identifiers: [
            { type: 'anonymous_id', value: '{{Client ID}}' },
            { type: 'email', value: '{{User Email}}' },
          ],
          properties: { page_location: '{{Page Location}}', value: '{{Value}}', currency: '{{Currency}}' },
          context: { ip: '{{IP Address}}', user_agent: '{{User Agent}}' },
        },
      ],
    },
    null,
    2,
  );
}

/** NDJSON for an events import: one CDP event per line, exactly as `/api/v1/cdp/ingest` takes it. */
export function ndjsonEventsExample(): string {
  return [
    { event_name: 'Order Completed', event_time: '2026-01-15T10:30:00Z', identifiers: [{ type: 'email', value: 'jane@example.com' }], properties: { order_id: 'A-1001', total: 250, currency: 'AED' } },
    { event_name: 'Store Visit', event_time: '2026-01-16T18:05:00Z', identifiers: [{ type: 'phone', value: '+971501234567' }], properties: { store: 'Dubai Mall' } },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
}

/** NDJSON for a profiles import: identifiers plus traits (and consent) per line. */
export function ndjsonProfilesExample(): string {
  return [
    { identifiers: [{ type: 'external_id', value: 'crm-001' }, { type: 'email', value: 'jane@example.com' }], traits: { first_name: 'Jane', tier: 'gold' }, consent: { email: true } },
    { identifiers: [{ type: 'external_id', value: 'crm-002' }, { type: 'phone', value: '+971501234567' }], traits: { first_name: 'Omar', tier: 'silver' } },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
}

export function csvExample(): string {
  return ['email,phone,event,timestamp,order_id,total', 'jane@example.com,+971501234567,Order Completed,2026-01-15T10:30:00Z,A-1001,250'].join('\n');
}
