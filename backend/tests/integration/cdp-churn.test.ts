import { describe, expect, it } from 'vitest';
import { markChurnedProfiles } from '../../src/workers/jobs/mark-churned-profiles';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';
import { email, event, sendEvents } from '../support/cdp';

const t = appWithTenantAdmin({ tenant: { settings: { cdp: { churn_days: 30 } } } });
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

async function stageOf(address: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cdp/profiles/lookup',
    headers: t.admin.headers,
    payload: { identifier_type: 'email', identifier_value: address },
  });
  return res.json().data.lifecycle_stage as string;
}

describe('churn and late events', () => {
  it('an event older than the churn window (a historical import) does not bring a churned profile back', async () => {
    await sendEvents(t.app, t.admin, [event([email('gone@churn.test')], { event_name: 'Order Completed', event_time: daysAgo(60), properties: { total: 10 } })]);
    await markChurnedProfiles(t.db.db);
    expect(await stageOf('gone@churn.test')).toBe('churned');

    await sendEvents(t.app, t.admin, [event([email('gone@churn.test')], { event_time: daysAgo(45) })]);
    expect(await stageOf('gone@churn.test')).toBe('churned');

    // Activity inside the window does.
    await sendEvents(t.app, t.admin, [event([email('gone@churn.test')])]);
    expect(await stageOf('gone@churn.test')).toBe('customer');
  });

  it('a profile first seen through old events only is churned at once, as the nightly job would mark it', async () => {
    await sendEvents(t.app, t.admin, [event([email('old@churn.test')], { event_time: daysAgo(100) })]);
    expect(await stageOf('old@churn.test')).toBe('churned');
  });
});
