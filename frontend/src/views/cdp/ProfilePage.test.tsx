import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeConsentsView, makeMe, makeMergeRecord, makeProfile, uuid } from '@/test/factories';
import { fail, ok, page } from '@/test/fakeApi';
import { identifiersOf, renderProfile, serveProfile } from '@/test/profileBackend';
import { renderApp } from '@/test/render';
import { useUiStore } from '@/stores/ui';

// jsdom has no object URLs; the export test installs fakes and these put back whatever was there.
const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('ProfilePage', () => {
  it('shows the header, counters with the tenant currency, traits and the EMQ of recent events', async () => {
    const profile = makeProfile({ identifiers: identifiersOf(false), total_events: 42, total_sessions: 7, total_purchases: 3, total_revenue: 1250.5 });
    renderProfile('admin', { profile });

    expect(await screen.findByTestId('profile-identity')).toHaveTextContent('j***@example.com');
    expect(screen.getByTestId('lifecycle-badge')).toHaveTextContent('Known');
    expect(within(screen.getByTestId('kpi-events')).getByTestId('kpi-value')).toHaveTextContent('42');
    expect(within(screen.getByTestId('kpi-sessions')).getByTestId('kpi-value')).toHaveTextContent('7');
    expect(within(screen.getByTestId('kpi-revenue')).getByTestId('kpi-value')).toHaveTextContent(/AED\s?1,250\.50/);
    expect(screen.getByTestId('traits-table')).toHaveTextContent('first_nameJane');

    const bars = await screen.findAllByTestId('emq-bar');
    // Oldest first: the API's newest-first list is reversed for the chart.
    expect(bars.map((bar) => bar.dataset.band)).toEqual(['poor', 'fair', 'good', 'excellent']);
    expect(screen.getByRole('list', { name: 'Last 4 events, oldest to newest' })).toHaveTextContent('Purchase');
  });

  it('lists the identifier types of each timeline event the way the language of the page writes a list', async () => {
    renderProfile('analyst', { profile: makeProfile() });
    // Newest first: the purchase, sent with an email, a phone and a device id, heads the timeline.
    const purchase = () => screen.getAllByTestId('timeline-event')[0];
    await screen.findAllByTestId('timeline-event');
    expect(purchase()).toHaveTextContent('Email, Phone, Device ID');
    useUiStore.setState({ language: 'ar' });
    // Arabic separates list items with its own comma (،), not the Latin one.
    await waitFor(() => expect(purchase()).toHaveTextContent('البريد الإلكتروني، والهاتف، ومعرّف الجهاز'));
  });

  it('masks clear identifiers for PII readers until they reveal them', async () => {
    const profile = makeProfile({ identifiers: identifiersOf(false) });
    renderProfile('admin', { profile });
    const user = userEvent.setup();

    const card = await screen.findByTestId('identifiers-card');
    expect(within(card).getByTestId('identifier-count')).toHaveTextContent('3');
    const values = () => within(card).getAllByTestId('identifier-value').map((value) => value.textContent);
    expect(values()).toEqual(['j***@example.com', '+97150*****67', 'dv***01']);
    expect(within(card).getAllByTestId('identifier-row')[0]).toHaveTextContent('Canonical');
    expect(document.body).not.toHaveTextContent('jane@example.com');
    await waitFor(() => expect(screen.getAllByTestId('graph-node-value').map((node) => node.textContent)).toContain('j***@example.com'));

    const reveal = within(card).getByRole('button', { name: 'Reveal personal data' });
    expect(reveal).toHaveAttribute('aria-pressed', 'false');
    await user.click(reveal);

    expect(values()).toEqual(['jane@example.com', '+971501234567', 'dvc-ios-0001']);
    expect(screen.getByTestId('profile-identity')).toHaveTextContent('jane@example.com');
    expect(screen.getAllByTestId('graph-node-value').map((node) => node.textContent)).toContain('jane@example.com');

    await user.click(within(card).getByRole('button', { name: 'Hide personal data' }));
    expect(values()[0]).toBe('j***@example.com');
  });

  it('shows what the API masked, with no way to reveal it, to users who may not read PII', async () => {
    const profile = makeProfile({ identifiers: identifiersOf(true) });
    renderProfile('manager', { profile });

    const card = await screen.findByTestId('identifiers-card');
    expect(within(card).getAllByTestId('identifier-value')[0]).toHaveTextContent('j***@example.com');
    expect(within(card).getByText('Values are masked: your role cannot read personal data.')).toBeInTheDocument();
    expect(within(card).queryByTestId('reveal-toggle')).not.toBeInTheDocument();
    // Managers may not erase or undo merges either.
    expect(screen.queryByTestId('erase-profile')).not.toBeInTheDocument();
  });

  it('records a consent decision with the switch and shows it in the history', async () => {
    const profile = makeProfile();
    const { api } = renderProfile('manager', { profile });
    const user = userEvent.setup();

    const ads = await screen.findByRole('switch', { name: 'Consent for Advertising' });
    expect(ads).not.toBeChecked();
    expect(screen.getByText('No decisions recorded yet.')).toBeInTheDocument();
    await user.click(ads);

    await waitFor(() =>
      expect(api.calls('PUT', `/api/v1/cdp/profiles/${profile.id}/consents`)[0]?.body).toEqual({
        consent_type: 'ads',
        granted: true,
        source: 'console',
      }),
    );
    expect(await screen.findByText('Consent for Advertising recorded')).toBeInTheDocument();
    expect(await screen.findByRole('switch', { name: 'Consent for Advertising' })).toBeChecked();
    const entry = await screen.findByTestId('consent-history-row');
    expect(entry).toHaveTextContent('Granted');
    expect(entry).toHaveTextContent('Advertising');
    expect(entry).toHaveTextContent('Source:console');
    expect(entry).toHaveTextContent('IP:10.0.0.7');
  });

  it('shows consent switches read-only to users who may not write', async () => {
    renderProfile('analyst', { profile: makeProfile() });
    expect(await screen.findByRole('switch', { name: 'Consent for Email marketing' })).toBeDisabled();
  });

  it('shows the profiles merge protection kept apart from this one, and admins where to change it', async () => {
    const profile = makeProfile();
    const other = uuid();
    const conflict = {
      id: uuid(),
      event_id: uuid(),
      event_name: 'Kiosk Order',
      identifier_type: 'external_id',
      other_profile_ids: [other],
      created_at: '2026-01-15T10:00:00.000Z',
    };
    // An event that named two user ids itself: nothing else to name, the extra id was dropped.
    const inEvent = { ...conflict, id: uuid(), event_name: 'Signed In', other_profile_ids: [] };
    renderProfile('admin', { profile, conflicts: [conflict, inEvent] });
    const card = await screen.findByTestId('conflicts-card');
    const [row, own] = within(card).getAllByTestId('conflict-row');
    expect(own).toHaveTextContent('The event itself named more than a person may hold: the extra one was not kept');
    expect(within(own!).queryByRole('link')).not.toBeInTheDocument();
    expect(row).toHaveTextContent(`Kept apart from ${other.slice(-8)}`);
    expect(row).toHaveTextContent('One External ID more than a person may hold · Kiosk Order');
    expect(within(row).getByRole('link', { name: other.slice(-8) })).toHaveAttribute('href', `/cdp/profiles/${other}`);
    expect(within(card).getByRole('link', { name: 'Merge protection settings' })).toHaveAttribute('href', '/cdp/settings');
  });

  it('shows no conflicts card when nothing was kept apart, nor the settings link below admin', async () => {
    renderProfile('analyst', { profile: makeProfile(), conflicts: [] });
    await screen.findByTestId('merges-card');
    await waitFor(() => expect(screen.queryByTestId('conflicts-card')).not.toBeInTheDocument());
    expect(screen.queryByRole('link', { name: 'Merge protection settings' })).not.toBeInTheDocument();
  });

  it('undoes a merge after confirmation and refetches the profile', async () => {
    const profile = makeProfile();
    const merge = makeMergeRecord({ survivor_id: profile.id, identifier_type: 'email' });
    const { api } = renderProfile('admin', { profile, merges: [merge] });
    const user = userEvent.setup();

    const row = await screen.findByTestId('merge-row');
    expect(row).toHaveTextContent(`${merge.merged_id.slice(-8)} merged into this profile`);
    expect(row).toHaveTextContent('Shared Email');
    const profileLoads = api.calls('GET', `/api/v1/cdp/profiles/${profile.id}`).length;

    await user.click(within(row).getByRole('button', { name: /Undo the merge of/ }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Undo this merge?' });
    expect(api.calls('POST', `/api/v1/cdp/merges/${merge.id}/undo`)).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Undo' }));

    expect(await screen.findByText('Merge undone')).toBeInTheDocument();
    expect(api.calls('POST', `/api/v1/cdp/merges/${merge.id}/undo`)).toHaveLength(1);
    expect(await within(screen.getByTestId('merge-row')).findByText(/Undone/)).toBeInTheDocument();
    expect(within(screen.getByTestId('merge-row')).queryByRole('button', { name: /Undo/ })).not.toBeInTheDocument();
    await waitFor(() => expect(api.calls('GET', `/api/v1/cdp/profiles/${profile.id}`).length).toBeGreaterThan(profileLoads));
    // The profile that came back is live again, so it is linked.
    expect(within(screen.getByTestId('merge-row')).getByRole('link', { name: merge.merged_id.slice(-8) })).toHaveAttribute(
      'href',
      `/cdp/profiles/${merge.merged_id}`,
    );
  });

  it('says so when a merge was already undone elsewhere', async () => {
    const profile = makeProfile();
    const merge = makeMergeRecord({ survivor_id: profile.id });
    const { api } = renderProfile('admin', { profile, merges: [merge] });
    api.on('POST', `/api/v1/cdp/merges/${merge.id}/undo`, fail(409, 'This merge was already undone'));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /Undo the merge of/ }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('This merge was already undone')).toBeInTheDocument();
  });

  it('erases only once ERASE is typed, then returns to the list', async () => {
    const profile = makeProfile();
    const { api, queryClient } = renderProfile('admin', { profile });
    api.on('DELETE', `/api/v1/cdp/profiles/${profile.id}`, ok({ suppressed: 2, events: 14 }));
    api.on('POST', '/api/v1/cdp/profiles/search', ok(page([])));
    const user = userEvent.setup();

    await user.click(await screen.findByTestId('erase-profile'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Erase this profile?' });
    const confirm = within(dialog).getByRole('button', { name: 'Erase profile' });
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByLabelText('Type ERASE to confirm');
    await user.type(input, 'erase');
    expect(confirm).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(api.calls('DELETE', `/api/v1/cdp/profiles/${profile.id}`)).toHaveLength(0);

    await user.clear(input);
    await user.type(input, 'ERASE');
    expect(confirm).toBeEnabled();
    const ofProfile = () => api.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/api/v1/cdp/profiles/${profile.id}`)).length;
    const readBefore = ofProfile();
    await user.click(confirm);

    expect(await screen.findByRole('heading', { name: 'Profiles' })).toBeInTheDocument();
    expect(api.calls('DELETE', `/api/v1/cdp/profiles/${profile.id}`)).toHaveLength(1);
    // Nothing of the erased profile is asked for again (each such request would answer 404).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ofProfile()).toBe(readBefore);
    // …and nothing of it stays cached once its page has gone.
    expect(queryClient.getQueryCache().findAll({ queryKey: ['cdp-profiles', 'detail', profile.id] })).toEqual([]);
    expect(screen.getByText('Profile erased')).toBeInTheDocument();
    expect(screen.getByText('Events deleted: 14. Identifiers blocked from returning: 2.')).toBeInTheDocument();
  });

  it('exports the profile as profile-<id>.json', async () => {
    const profile = makeProfile();
    const { api } = renderProfile('analyst', { profile });
    const document_ = { exported_at: '2026-01-16T09:00:00.000Z', profile, events: [], consents: makeConsentsView(), merges: [] };
    api.on('GET', `/api/v1/cdp/profiles/${profile.id}/export`, ok(document_));
    const fakeObjectURL = vi.fn((_blob: Blob) => 'blob:profile');
    URL.createObjectURL = fakeObjectURL;
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe(`profile-${profile.id}.json`);
    });
    const user = userEvent.setup();

    // Everything held about the person leaves the platform: the console asks first, and Cancel exports nothing.
    await user.click(await screen.findByTestId('export-profile'));
    await user.click(within(await screen.findByRole('alertdialog', { name: 'Export this profile?' })).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(api.calls('GET', `/api/v1/cdp/profiles/${profile.id}/export`)).toHaveLength(0);
    await user.click(screen.getByTestId('export-profile'));
    const confirmation = await screen.findByRole('alertdialog', { name: 'Export this profile?' });
    await user.click(within(confirmation).getByRole('button', { name: 'Download export' }));

    expect(await screen.findByText(`Profile exported as profile-${profile.id}.json`)).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(click).toHaveBeenCalledTimes(1);
    const blob = fakeObjectURL.mock.calls[0]![0];
    // jsdom's Blob has no text(); FileReader reads it the old way.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob);
    });
    expect(JSON.parse(text)).toEqual(document_);
  });

  it('opens a timeline event as JSON', async () => {
    renderProfile('analyst', { profile: makeProfile() });
    const user = userEvent.setup();

    const [first] = await screen.findAllByTestId('timeline-event');
    await user.click(first!);
    const dialog = await screen.findByRole('dialog', { name: 'Purchase' });
    expect(within(dialog).getByTestId('event-json')).toHaveTextContent('"event_name": "Purchase"');
  });

  it("opens the survivor, under its own address, from a merged-away profile's link", async () => {
    const survivor = makeProfile({ identifiers: identifiersOf(true) });
    const mergedAway = uuid();
    const { api } = renderApp({ me: makeMe('admin'), route: `/cdp/profiles/${mergedAway}` });
    serveProfile(api, { profile: survivor });
    // The API answers a merged-away id with the profile its merges lead to.
    api.on('GET', `/api/v1/cdp/profiles/${mergedAway}`, ok(survivor));
    expect(await screen.findByTestId('merged-notice')).toHaveTextContent('The profile you opened was merged into this one.');
    expect(screen.getByText(survivor.id)).toBeInTheDocument();
    // Its sections load from the survivor's address (only those are served).
    expect(await screen.findAllByTestId('emq-bar')).toHaveLength(4);
  });

  it('explains that an erased or foreign profile is gone', async () => {
    const id = uuid();
    const { api } = renderApp({ me: makeMe('admin'), route: `/cdp/profiles/${id}` });
    api.on('GET', `/api/v1/cdp/profiles/${id}`, fail(404, 'Profile not found'));
    expect(await screen.findByText('It may have been erased, or it belongs to another tenant.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All profiles' })).toHaveAttribute('href', '/cdp/profiles');
  });

  it('offers a retry when the profile fails to load', async () => {
    const id = uuid();
    const { api } = renderApp({ me: makeMe('admin'), route: `/cdp/profiles/${id}` });
    api.on('GET', `/api/v1/cdp/profiles/${id}`, fail(500, 'Database unavailable'));
    expect(await screen.findByText('Could not load this profile.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
