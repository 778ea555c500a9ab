import { describe, expect, it } from 'vitest';
import { amountOf, isPurchase, purchaseRevenue } from '../../src/services/cdp/ingest/purchase-revenue';

const aed = { currency: 'AED', currencyRates: { USD: 3.6725 } };

describe('purchase revenue', () => {
  it('recognises purchases whatever the spelling of their name', () => {
    expect(['Purchase', 'order_completed', 'Order-Completed', ' ORDER COMPLETED '].every(isPurchase)).toBe(true);
    expect(isPurchase('Order Viewed')).toBe(false);
  });

  it('takes total, else revenue, else value, skipping what is not a number', () => {
    expect(amountOf({ total: '', revenue: '12.5', value: 3 })).toBe(12.5);
    expect(amountOf({ total: 'n/a', value: 3 })).toBe(3);
    expect(amountOf({ total: Number.NaN })).toBeUndefined();
    // Decimal strings only: JavaScript's Number would read hex, binary and octal too.
    expect(amountOf({ total: ' -1.5e2 ', value: 3 })).toBe(-150);
    expect(amountOf({ total: '0x10', revenue: '0b11', value: '0o7' })).toBeUndefined();
  });

  it('counts nothing, with a note, for a currency that is not a string', () => {
    for (const currency of [840, ['USD'], { code: 'AED' }, true]) {
      expect(purchaseRevenue({ total: 100, currency }, aed), JSON.stringify(currency)).toEqual({ revenue: 0, warning: 'revenue not counted: currency is not an ISO 4217 code' });
    }
    expect(purchaseRevenue({ total: 100, currency: null }, aed)).toEqual({ revenue: 100 });
  });

  it('converts to the tenant currency and rounds to cents', () => {
    expect(purchaseRevenue({ total: 10, currency: ' usd ' }, aed)).toEqual({ revenue: 36.73 });
    expect(purchaseRevenue({ total: 19.999 }, aed)).toEqual({ revenue: 20 });
    // Nothing to convert: no note for a free order in a currency without a rate.
    expect(purchaseRevenue({ total: 0, currency: 'EUR' }, aed)).toEqual({ revenue: 0 });
    expect(purchaseRevenue({ total: 5, currency: 'EUR' }, aed).warning).toMatch(/no rate from EUR to AED/);
  });

  it('notes an amount it cannot read instead of counting it as nothing without a word', () => {
    expect(purchaseRevenue({ total: '1,250.50' }, aed)).toEqual({ revenue: 0, warning: expect.stringMatching(/^revenue not counted: total is not a number/) });
    expect(purchaseRevenue({ total: '', revenue: '$12' }, aed).warning).toMatch(/revenue is not a number/);
    // Another key holds a number: nothing to note.
    expect(purchaseRevenue({ total: 'n/a', value: 3 }, aed)).toEqual({ revenue: 3 });
    // No amount at all is no order value (the average order value leaves it out), and is noted as such.
    expect(purchaseRevenue({ currency: 'AED' }, aed)).toEqual({ revenue: 0, warning: 'revenue not counted: no total, revenue or value' });
    expect(purchaseRevenue({ total: null, value: '' }, aed).warning).toBe('revenue not counted: no total, revenue or value');
    // A purchase never takes revenue away.
    expect(purchaseRevenue({ total: -100 }, aed)).toEqual({ revenue: 0, warning: 'revenue not counted: a purchase amount below zero' });
  });
});
