import { version } from '../package.json';
import type { MessageContext, PageContext } from './types';

export const LIBRARY = { name: 'stratum-js', version };

export function pageContext(): PageContext {
  return {
    path: location.pathname,
    url: location.href,
    title: document.title,
    referrer: document.referrer,
    search: location.search,
  };
}

/** utm_* query parameters, named as Segment names them (`utm_campaign` → `name`, `utm_source` → `source`, …). */
export function campaignContext(search: string): Record<string, string> | undefined {
  let campaign: Record<string, string> | undefined;
  new URLSearchParams(search).forEach((value, key) => {
    if (!key.startsWith('utm_') || value === '') return;
    const field = key.slice(4);
    campaign = campaign ?? {};
    campaign[field === 'campaign' ? 'name' : field] = value;
  });
  return campaign;
}

function timezone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The context every message carries, read at the moment of the call. */
export function messageContext(): MessageContext {
  const page = pageContext();
  const context: MessageContext = {
    library: { ...LIBRARY },
    page,
    userAgent: navigator.userAgent,
    locale: navigator.language,
    timezone: timezone(),
    screen: { width: screen.width, height: screen.height },
  };
  const campaign = campaignContext(page.search);
  if (campaign) context.campaign = campaign;
  return context;
}
