import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeIdentifier, makeIdentityGraph, makeMergeRecord, makeProfile } from '@/test/factories';
import { ok, page } from '@/test/fakeApi';
import { identifiersOf, renderProfile } from '@/test/profileBackend';
import { useUiStore } from '@/stores/ui';

/** Profiles far larger than a person's: a test account, a shared device, a bot. */
describe('ProfilePage of a heavy profile', () => {
  it('shows the first identifiers of a profile holding many, and the rest a page at a time when asked', async () => {
    const anonymous = (n: number) => makeIdentifier({ type: 'anonymous_id', value: `qa-run-${n}` });
    const first = [identifiersOf(false)[0]!, ...Array.from({ length: 99 }, (_, n) => anonymous(n))];
    const rest = Array.from({ length: 130 }, (_, n) => anonymous(99 + n));
    const profile = makeProfile({ identifiers: first, identifiers_total: 230 });
    const { api } = renderProfile('admin', { profile });
    api.on('GET', `/api/v1/cdp/profiles/${profile.id}/identifiers`, (request) => {
      const [number, size] = [Number(request.params.page), Number(request.params.page_size)];
      // Page 2 starts where the profile's own list stops.
      return ok(page(rest.slice((number - 2) * size, (number - 1) * size), 230, number, size));
    });
    api.on('GET', `/api/v1/cdp/profiles/${profile.id}/identity-graph`, ok({ ...makeIdentityGraph(makeProfile({ identifiers: first.slice(0, 24) }), 1), profile_id: profile.id, total_nodes: 230 }));
    const user = userEvent.setup();

    const card = await screen.findByTestId('identifiers-card');
    expect(within(card).getByTestId('identifier-count')).toHaveTextContent('230');
    expect(within(card).getAllByTestId('identifier-row')).toHaveLength(100);
    expect(within(card).getByTestId('identifiers-more')).toHaveTextContent('Showing 100 of 230');
    expect(await screen.findByTestId('graph-partial')).toHaveTextContent('Drawing 24 of 230 identifiers');
    expect(api.calls('GET', `/api/v1/cdp/profiles/${profile.id}/identifiers`)).toHaveLength(0);

    await user.click(within(card).getByTestId('identifiers-show-more'));
    await waitFor(() => expect(within(card).getAllByTestId('identifier-row')).toHaveLength(200));
    expect(within(card).getByTestId('identifiers-more')).toHaveTextContent('Showing 200 of 230');
    await user.click(within(card).getByTestId('identifiers-show-more'));
    await waitFor(() => expect(within(card).getAllByTestId('identifier-row')).toHaveLength(230));
    expect(within(card).queryByTestId('identifiers-show-more')).toBeNull();
    expect(api.calls('GET', `/api/v1/cdp/profiles/${profile.id}/identifiers`).map((r) => r.params)).toEqual([
      { page: 2, page_size: 100 },
      { page: 3, page_size: 100 },
    ]);
    await user.click(within(card).getByRole('button', { name: 'Reveal personal data' }));
    const values = within(card).getAllByTestId('identifier-value').map((value) => value.textContent);
    expect(new Set(values).size).toBe(230);
    expect(values.at(-1)).toBe('qa-run-228');

    useUiStore.setState({ language: 'ar' });
    await waitFor(() => expect(within(card).getByTestId('identifiers-more')).toHaveTextContent('يُعرض 230 من 230'));
    // Hundreds of rows rendered and re-rendered in jsdom: seconds, more on a loaded machine.
  }, 30_000);

  it('lists the latest merges of a profile merged thousands of times, and more on request', async () => {
    const profile = makeProfile();
    const merges = Array.from({ length: 45 }, () => makeMergeRecord({ survivor_id: profile.id, identifier_type: 'email' }));
    renderProfile('admin', { profile, merges });
    const user = userEvent.setup();

    await screen.findAllByTestId('merge-row');
    expect(screen.getAllByTestId('merge-row')).toHaveLength(20);
    expect(screen.getByTestId('merges-more')).toHaveTextContent('Showing the 20 latest of 45 merges.');
    await user.click(screen.getByTestId('merges-show-more'));
    expect(screen.getAllByTestId('merge-row')).toHaveLength(40);
    await user.click(screen.getByTestId('merges-show-more'));
    expect(screen.getAllByTestId('merge-row')).toHaveLength(45);
    expect(screen.queryByTestId('merges-more')).toBeNull();
  });
});
