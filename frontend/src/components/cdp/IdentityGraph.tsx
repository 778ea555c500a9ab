import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentityGraph as IdentityGraphData } from '@stratum/contracts';
import { useIdentifierTypeLabel } from '@/hooks/useCdpLabels';
import { useLocale } from '@/hooks/useLocale';
import { useIdentityText } from '@/i18n/identityText';
import { formatNumber } from '@/lib/utils';
import { identifierRank, identifierStyle } from './identifierStyle';

type GraphNode = IdentityGraphData['nodes'][number];

interface IdentityGraphProps {
  graph: IdentityGraphData;
  /** The text shown for a node's value: masked or revealed, as the page decides. */
  displayValue: (node: GraphNode) => string;
  /** The identifier that is the profile's canonical identity: drawn first (at the top) and ringed. */
  canonicalId?: string | null;
}

const NODE_RADIUS = 26;
const LABEL_GAP = 12;
/** Room beside the circle for labels of nodes on the left and right. */
const SIDE_ROOM = 180;
const VERTICAL_ROOM = 52;
const MAX_LABEL = 26;

interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  cos: number;
  sin: number;
}

function truncate(value: string): string {
  return value.length > MAX_LABEL ? `${value.slice(0, 12)}…${value.slice(-12)}` : value;
}

/**
 * Identifier nodes evenly on a circle, strongest identity at the top, going clockwise by priority. A circle keeps
 * every edge visible for the handful of identifiers a person has, with no physics to settle or library to load.
 */
function layout(nodes: GraphNode[], canonicalId: string | null) {
  const ordered = [...nodes].sort(
    (a, b) =>
      Number(b.id === canonicalId) - Number(a.id === canonicalId) ||
      identifierRank(a.type) - identifierRank(b.type) ||
      Number(b.is_primary) - Number(a.is_primary) ||
      a.id.localeCompare(b.id),
  );
  const count = ordered.length;
  const radius = count <= 1 ? 0 : Math.max(110, (count * (NODE_RADIUS * 2 + 36)) / (2 * Math.PI));
  const width = 2 * (radius + NODE_RADIUS + SIDE_ROOM);
  const height = 2 * (radius + NODE_RADIUS + VERTICAL_ROOM);
  const placed: PlacedNode[] = ordered.map((node, index) => {
    // A lone node sits in the middle with its label underneath.
    const angle = count <= 1 ? Math.PI / 2 : -Math.PI / 2 + (2 * Math.PI * index) / count;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    return { node, x: width / 2 + radius * cos, y: height / 2 + radius * sin, cos, sin };
  });
  return { placed, width, height };
}

/** Where a node's two label lines go: outside the circle, away from the centre. */
function labelPosition({ x, y, cos, sin }: PlacedNode) {
  const distance = NODE_RADIUS + LABEL_GAP;
  const ax = x + distance * cos;
  const ay = y + distance * sin;
  if (Math.abs(cos) < 0.35) {
    return sin < 0
      ? { x: ax, anchor: 'middle' as const, lines: [ay - 18, ay - 2] }
      : { x: ax, anchor: 'middle' as const, lines: [ay + 10, ay + 26] };
  }
  return { x: ax, anchor: cos > 0 ? ('start' as const) : ('end' as const), lines: [ay - 3, ay + 13] };
}

export function IdentityGraph({ graph, displayValue, canonicalId = null }: IdentityGraphProps) {
  const { t } = useTranslation();
  const text = useIdentityText();
  const locale = useLocale();
  const typeLabel = useIdentifierTypeLabel();
  const titleId = useId();
  const descId = useId();
  const { placed, width, height } = layout(graph.nodes, canonicalId);
  const byId = new Map(placed.map((p) => [p.node.id, p]));
  // Links to identifiers outside this profile (possible after an undone merge) have no node to end at.
  const edges = graph.edges.flatMap((edge) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    return from && to ? [{ edge, from, to }] : [];
  });

  return (
    // Never drawn below 70% of its size (labels stay readable on a phone): a narrower screen scrolls it sideways.
    <div className="overflow-x-auto">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        style={{ minWidth: Math.round(width * 0.7) }}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        // Geometry is physical: the picture is the same in both reading directions; labels still shape Arabic.
        direction="ltr"
        className="mx-auto block h-auto w-full max-w-3xl"
        data-testid="identity-graph"
      >
        <title id={titleId}>{t('profile.graph')}</title>
        <desc id={descId}>
          {t('profile.graphSummary', { nodes: formatNumber(placed.length, locale), edges: formatNumber(edges.length, locale) })}
        </desc>
        <g>
          {edges.map(({ edge, from, to }) => {
            const midX = (from.x + to.x) / 2;
            const midY = (from.y + to.y) / 2;
            // An alias edge joins a user id to the anonymous id an alias named it by, not two ids seen in one event.
            const alias = edge.link_type === 'alias';
            const names = { from: typeLabel(from.node.type), to: typeLabel(to.node.type) };
            const label = alias
              ? text('graph.aliasEdge', names)
              : t('profile.graphEdge', { ...names, occurrences: formatNumber(edge.occurrences, locale) });
            return (
              <g key={`${edge.from}-${edge.to}-${edge.link_type}`}>
                <title>{label}</title>
                <line
                  x1={from.x}
                  y1={from.y}
                  x2={to.x}
                  y2={to.y}
                  strokeWidth={1.5 + Math.min(edge.occurrences, 10) * 0.25}
                  strokeLinecap="round"
                  strokeDasharray={alias ? '6 4' : undefined}
                  className="stroke-zinc-300 dark:stroke-zinc-600"
                  data-testid="graph-edge"
                  data-link-type={edge.link_type}
                />
                <circle cx={midX} cy={midY} r={11} className="fill-white stroke-zinc-300 dark:fill-zinc-900 dark:stroke-zinc-600" />
                <text
                  x={midX}
                  y={midY}
                  textAnchor="middle"
                  dominantBaseline="central"
                  className="fill-zinc-600 text-[10px] font-semibold tabular-nums dark:fill-zinc-300"
                  data-testid="graph-edge-count"
                >
                  {formatNumber(edge.occurrences, locale)}
                </text>
              </g>
            );
          })}
        </g>
        <g>
          {placed.map((p) => {
            const style = identifierStyle(p.node.type);
            const Icon = style.icon;
            const value = displayValue(p.node);
            const label = labelPosition(p);
            const canonical = p.node.id === canonicalId;
            return (
              <g key={p.node.id} data-testid="graph-node" data-type={p.node.type} data-canonical={canonical}>
                <title>
                  {`${typeLabel(p.node.type)}: ${value}${canonical ? ` (${t('profile.canonical')})` : ''}`}
                </title>
                {canonical ? (
                  <circle cx={p.x} cy={p.y} r={NODE_RADIUS + 5} fill="none" strokeWidth={1.5} strokeDasharray="3 3" className={style.node} />
                ) : null}
                <circle cx={p.x} cy={p.y} r={NODE_RADIUS} strokeWidth={2} className={style.node} />
                <Icon x={p.x - 10} y={p.y - 10} width={20} height={20} className={style.nodeIcon} aria-hidden />
                <text x={label.x} y={label.lines[0]} textAnchor={label.anchor} className="fill-zinc-500 text-[11px] font-semibold dark:fill-zinc-400">
                  {typeLabel(p.node.type)}
                </text>
                <text
                  x={label.x}
                  y={label.lines[1]}
                  textAnchor={label.anchor}
                  className="fill-zinc-900 font-mono text-[12px] dark:fill-zinc-100"
                  data-testid="graph-node-value"
                >
                  {truncate(value)}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
