import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { makeEventTrend } from '@/test/factories';
import { EventsTrendChart } from './EventsTrendChart';

const rowLabels = () =>
  within(screen.getByTestId('trend-table'))
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent);

describe('EventsTrendChart', () => {
  it("labels daily buckets with the tenant's day, wherever the reader is", () => {
    // Midnight in Dubai is 20:00 UTC the evening before.
    const points = [
      { bucket: '2026-11-24T20:00:00.000Z', events: 3, purchases: 0 },
      { bucket: '2026-11-25T20:00:00.000Z', events: 5, purchases: 1 },
    ];
    renderWithProviders(<EventsTrendChart trend={makeEventTrend(points, 'day', 'Asia/Dubai')} />);
    expect(rowLabels()).toEqual(['Nov 25, 2026', 'Nov 26, 2026']);
  });

  it('labels UTC days as UTC days', () => {
    renderWithProviders(<EventsTrendChart trend={makeEventTrend([{ bucket: '2026-11-26T00:00:00.000Z', events: 1, purchases: 0 }], 'day')} />);
    expect(rowLabels()).toEqual(['Nov 26, 2026']);
  });
});
