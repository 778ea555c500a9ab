import { currencyCodeSchema } from '@stratum/contracts';
import type { CdpSettings } from '../tenant-cdp-settings';

const PURCHASE_EVENTS = new Set(['purchase', 'order completed']);
/**
 * The most one purchase may add, in the tenant's currency: beyond any real order, and far inside what the revenue
 * columns hold, so a mistyped or hostile amount is noted instead of failing the batch on a numeric overflow.
 */
export const MAX_PURCHASE_REVENUE = 1e12;

/** How every note on a purchase whose amount was not counted begins: erasure finds such purchases by it. */
export const REVENUE_NOT_COUNTED = 'revenue not counted';

export const isPurchase = (eventName: string) => PURCHASE_EVENTS.has(eventName.toLowerCase().replace(/[\s_-]+/g, ' ').trim());

/** A decimal number as written in a string (`12`, `-3.5`, `1e3`): `Number` would also read `0x10` or `0b1`. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

const AMOUNT_KEYS = ['total', 'revenue', 'value'] as const;

/** A number, or a decimal number written as a string; anything else is no amount. */
function amountValue(raw: unknown): number | undefined {
  const value = typeof raw === 'string' && DECIMAL.test(raw) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The amount of a purchase event: `total`, else `revenue`, else `value` (numbers or decimal strings); none: undefined. */
export function amountOf(properties: Record<string, unknown>): number | undefined {
  for (const key of AMOUNT_KEYS) {
    const value = amountValue(properties[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The first amount key holding something that is not a number (`"1,250.50"`, `"$12"`), for the note. */
function unreadAmountKey(properties: Record<string, unknown>): string | undefined {
  return AMOUNT_KEYS.find((key) => {
    const raw = properties[key];
    return raw !== undefined && raw !== null && !(typeof raw === 'string' && raw.trim() === '');
  });
}

export interface PurchaseRevenue {
  /** In the tenant's currency, rounded to cents; 0 when it cannot be converted. */
  revenue: number;
  /** Why the amount was not counted, for the event's notes; absent when it was (its order value is known). */
  warning?: string;
}

/**
 * What a purchase adds to revenue, in the tenant's currency. The purchase's currency is `properties.currency`
 * (any case); none means the tenant's own. Another currency is converted with the tenant's rate for it; without
 * a rate the amount is not counted — adding dirhams to dollars would make every revenue figure wrong — and the
 * event says so.
 */
export function purchaseRevenue(properties: Record<string, unknown>, settings: Pick<CdpSettings, 'currency' | 'currencyRates'>): PurchaseRevenue {
  const amount = amountOf(properties);
  const raw = properties.currency;
  // Absent means the tenant's own; anything but a string (`840`, `["USD"]`) names no currency we could trust.
  const absent = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  const currency = absent ? settings.currency : typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (amount === undefined) {
    const unread = unreadAmountKey(properties);
    // No amount at all is no order value either: averaged in as 0 it would understate every order's worth.
    return notCounted(unread ? `${unread} is not a number (write decimals with a dot, without thousands separators)` : 'no total, revenue or value');
  }
  // A free order is worth nothing in any currency: nothing to convert.
  if (amount === 0) return counted(0);
  // A purchase does not take revenue away: a negative amount is a mistake or a refund sent as a purchase.
  if (amount < 0) return notCounted('a purchase amount below zero');
  if (currency === settings.currency) return counted(amount);
  if (!currencyCodeSchema.safeParse(currency).success) {
    return notCounted('currency is not an ISO 4217 code');
  }
  const rate = settings.currencyRates[currency];
  if (rate === undefined) {
    return notCounted(`no rate from ${currency} to ${settings.currency} in the tenant's currency_rates`);
  }
  return counted(amount * rate);
}

function counted(revenue: number): PurchaseRevenue {
  if (Math.abs(revenue) > MAX_PURCHASE_REVENUE) return notCounted('more than 1,000,000,000,000 in one purchase');
  return { revenue: cents(revenue) };
}

const notCounted = (why: string): PurchaseRevenue => ({ revenue: 0, warning: `${REVENUE_NOT_COUNTED}: ${why}` });

const cents = (value: number) => Math.round(value * 100) / 100;
