import type { DataHealth } from '@stratum/contracts';

/**
 * Data health (SPEC §4), the score behind Stratum's trust gate: 50% EMQ, 25% identity resolution, 15% recency,
 * 10% consent. Each component maps a raw figure to 0–100 by the SPEC's piecewise rules.
 */
export interface DataHealthInputs {
  /** 7-day average EMQ, or null when there were no events. */
  emqAverage: number | null;
  /** Percent of live profiles that are known or customers. */
  identifiedShare: number;
  /** Events in the last 24 hours. */
  eventsLast24h: number;
  /** Percent of live profiles with at least one granted consent. */
  consentShare: number;
}

export const emqComponent = (average: number | null) => (average === null ? 75 : average);

export function identityComponent(r: number): number {
  if (r >= 50) return 100;
  if (r >= 20) return 50 + ((r - 20) * 50) / 30;
  return (r * 50) / 20;
}

export function recencyComponent(n: number): number {
  if (n > 100) return 100;
  if (n > 0) return 70 + (n / 100) * 30;
  return 40;
}

export function consentComponent(c: number): number {
  if (c >= 70) return 100;
  if (c >= 30) return 50 + ((c - 30) * 50) / 40;
  return (c * 50) / 30;
}

export function trustGate(score: number): DataHealth['gate'] {
  if (score >= 70) return 'pass';
  if (score >= 40) return 'hold';
  return 'block';
}

const round = (n: number) => Math.round(n * 100) / 100;

export function dataHealth(inputs: DataHealthInputs): DataHealth {
  const components = {
    emq: { value: round(inputs.emqAverage ?? 0), score: round(emqComponent(inputs.emqAverage)), weight: 0.5 },
    identity: { value: round(inputs.identifiedShare), score: round(identityComponent(inputs.identifiedShare)), weight: 0.25 },
    recency: { value: inputs.eventsLast24h, score: round(recencyComponent(inputs.eventsLast24h)), weight: 0.15 },
    consent: { value: round(inputs.consentShare), score: round(consentComponent(inputs.consentShare)), weight: 0.1 },
  };
  const score = round(Object.values(components).reduce((sum, c) => sum + c.score * c.weight, 0));
  return { score, gate: trustGate(score), components };
}
