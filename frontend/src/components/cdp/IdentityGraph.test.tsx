import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { IdentityGraph as IdentityGraphData } from '@stratum/contracts';
import { maskIdentifier } from '@/lib/cdp';
import { uuid } from '@/test/factories';
import { renderWithProviders } from '@/test/render';
import { IdentityGraph } from './IdentityGraph';

const NOW = '2026-01-15T10:30:00.000Z';

function graphOf(nodes: { type: string; value: string; is_primary?: boolean }[], links: [number, number, number][]): IdentityGraphData {
  const withIds = nodes.map((node) => ({ id: uuid(), is_primary: false, ...node }));
  return {
    profile_id: uuid(),
    nodes: withIds,
    total_nodes: withIds.length,
    edges: links.map(([from, to, occurrences]) => ({
      from: withIds[from]!.id,
      to: withIds[to]!.id,
      link_type: 'event',
      evidence_event_id: uuid(),
      occurrences,
      first_seen_at: NOW,
    })),
  };
}

const fourIdentifiers = graphOf(
  [
    { type: 'anonymous_id', value: 'anon-aaaa-1111' },
    { type: 'email', value: 'jane@example.com', is_primary: true },
    { type: 'device_id', value: 'dvc-ios-0001' },
    { type: 'phone', value: '+971501234567' },
  ],
  [
    [0, 1, 1],
    [2, 3, 1],
    [1, 2, 3],
  ],
);

describe('IdentityGraph', () => {
  it('draws one node per identifier and one line per edge, with occurrence counts', () => {
    renderWithProviders(<IdentityGraph graph={fourIdentifiers} displayValue={(node) => maskIdentifier(node.type, node.value)} />);

    const svg = screen.getByRole('img', { name: 'Identity graph' });
    expect(within(svg).getAllByTestId('graph-node')).toHaveLength(4);
    expect(svg.querySelectorAll('line[data-testid="graph-edge"]')).toHaveLength(3);
    expect(within(svg).getAllByTestId('graph-edge-count').map((count) => count.textContent)).toEqual(['1', '1', '3']);
    expect(svg).toHaveAccessibleDescription('Identifiers: 4. Links: 3.');
    // Never shrunk below 70% of its drawing (its labels would be unreadable on a phone): its box scrolls instead.
    const drawnWidth = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
    expect(svg.style.minWidth).toBe(`${Math.round(drawnWidth * 0.7)}px`);
    expect(svg.parentElement).toHaveClass('overflow-x-auto');
  });

  it('labels nodes with the identifier type and the value it is given to show', () => {
    const canonicalId = fourIdentifiers.nodes[1]!.id;
    renderWithProviders(
      <IdentityGraph graph={fourIdentifiers} canonicalId={canonicalId} displayValue={(node) => maskIdentifier(node.type, node.value)} />,
    );

    const email = screen.getAllByTestId('graph-node').find((node) => node.dataset.type === 'email')!;
    expect(email).toHaveTextContent('Email');
    expect(within(email).getByTestId('graph-node-value')).toHaveTextContent('j***@example.com');
    expect(email.querySelector('title')).toHaveTextContent('Email: j***@example.com (Canonical)');
    expect(document.body).not.toHaveTextContent('jane@example.com');
  });

  it('places the strongest identifier at the top and every node inside the picture', () => {
    renderWithProviders(<IdentityGraph graph={fourIdentifiers} canonicalId={fourIdentifiers.nodes[1]!.id} displayValue={(node) => node.value} />);
    const svg = screen.getByRole('img');
    const [, , width, height] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
    const circles = screen
      .getAllByTestId('graph-node')
      .map((node) => ({ type: node.dataset.type, circle: node.querySelectorAll('circle')[node.dataset.type === 'email' ? 1 : 0]! }));
    const ys = circles.map(({ circle }) => Number(circle.getAttribute('cy')));
    expect(circles[0]?.type).toBe('email');
    expect(Math.min(...ys)).toBe(ys[0]);
    for (const { circle } of circles) {
      expect(Number(circle.getAttribute('cx'))).toBeGreaterThan(0);
      expect(Number(circle.getAttribute('cx'))).toBeLessThan(width!);
      expect(Number(circle.getAttribute('cy'))).toBeLessThan(height!);
    }
  });

  it('draws the link an alias made between a user id and the anonymous id it was named by as a dashed line, saying so', () => {
    const graph = graphOf(
      [
        { type: 'external_id', value: 'user-old' },
        { type: 'anonymous_id', value: 'user-old' },
        { type: 'external_id', value: 'user-new' },
      ],
      [
        [0, 1, 1],
        [1, 2, 1],
      ],
    );
    graph.edges[0]!.link_type = 'alias';
    renderWithProviders(<IdentityGraph graph={graph} displayValue={(node) => node.value} />);

    const [alias, seen] = screen.getAllByTestId('graph-edge');
    expect(alias).toHaveAttribute('stroke-dasharray');
    expect(alias!.parentElement!.querySelector('title')).toHaveTextContent('External ID and Anonymous ID joined by an alias');
    expect(seen).not.toHaveAttribute('stroke-dasharray');
    expect(seen!.parentElement!.querySelector('title')).toHaveTextContent('Anonymous ID and External ID seen together (events: 1)');
  });

  it('skips links to identifiers that are no longer on this profile and shortens long values', () => {
    const graph = graphOf([{ type: 'device_id', value: 'device-0123456789-abcdefghijklmnop' }], []);
    graph.edges.push({ from: graph.nodes[0]!.id, to: uuid(), link_type: 'event', evidence_event_id: null, occurrences: 2, first_seen_at: NOW });
    renderWithProviders(<IdentityGraph graph={graph} displayValue={(node) => node.value} />);

    expect(screen.getAllByTestId('graph-node')).toHaveLength(1);
    expect(screen.queryAllByTestId('graph-edge')).toHaveLength(0);
    expect(screen.getByTestId('graph-node-value')).toHaveTextContent('device-01234…efghijklmnop');
  });
});
