/**
 * Event match quality (SPEC §4), 0–100: how well an event can be matched to a person by the platforms we feed.
 */
export interface EmqInput {
  identifierTypes: readonly string[];
  properties: Record<string, unknown>;
  context: { campaign?: unknown; user_agent?: unknown; ip?: unknown };
  eventTime: Date;
  receivedAt: Date;
}

export function emqScore(input: EmqInput): number {
  let score = 0;
  if (input.identifierTypes.some((t) => t === 'email' || t === 'phone')) score += 40;
  else if (input.identifierTypes.length > 0) score += 20;
  if (Object.keys(input.properties).length > 0) score += 25;
  const lagSeconds = Math.abs(input.receivedAt.getTime() - input.eventTime.getTime()) / 1000;
  if (lagSeconds <= 300) score += 20;
  else if (lagSeconds <= 3600) score += 10;
  for (const key of ['campaign', 'user_agent', 'ip'] as const) {
    const value = input.context[key];
    if (value !== undefined && value !== null && value !== '') score += 5;
  }
  return Math.min(score, 100);
}

export { emqBand, type EmqBand } from '@stratum/contracts';
