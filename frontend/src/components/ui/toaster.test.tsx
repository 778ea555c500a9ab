import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { useUiStore } from '@/stores/ui';

describe('toaster', () => {
  it('names its notifications region in the language of the page', async () => {
    renderWithProviders(<p>page</p>);
    expect(screen.getByRole('region', { name: 'Notifications (F8)' })).toBeInTheDocument();
    await act(async () => useUiStore.setState({ language: 'ar' }));
    expect(await screen.findByRole('region', { name: 'الإشعارات (F8)' })).toBeInTheDocument();
    await act(async () => useUiStore.setState({ language: 'en' }));
  });
});
