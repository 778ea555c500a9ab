import { backoffDelay } from './delivery';

/**
 * Reads whether the tenant requires consent before collection, from the source's settings (`GET
 * {host}/v1/projects/{writeKey}/settings`, the document analytics.js reads too). A network failure, 408, 429 or
 * 5xx is tried again with backoff; another refusal (an unknown key) leaves the SDK waiting, since the server would
 * refuse its messages anyway. Resolves once read or refused.
 */
export function readSourceSettings(host: string, writeKey: string, onRead: (requireConsent: boolean) => void): Promise<void> {
  let attempt = 0;
  let settle: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const retry = () => setTimeout(() => void tryOnce(), backoffDelay(attempt++));
  const tryOnce = async (): Promise<void> => {
    try {
      const response = await fetch(`${host}/v1/projects/${encodeURIComponent(writeKey)}/settings`, { credentials: 'omit' });
      if (response.ok) {
        const settings = (await response.json()) as { stratum?: { requireConsent?: unknown } } | null;
        onRead(settings?.stratum?.requireConsent === true);
        return settle();
      }
      if (response.status !== 408 && response.status !== 429 && response.status < 500) {
        console.warn(`[stratum] the source's settings were refused (HTTP ${response.status}); nothing is sent`);
        return settle();
      }
    } catch {
      // Offline, or a body that is not JSON: tried again below.
    }
    retry();
  };
  void tryOnce();
  return settled;
}
