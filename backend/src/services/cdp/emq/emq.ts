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
    if (present(input.context[key])) score += 5;
  }
  return Math.min(score, 100);
}

/** A context item that tells something: an empty string or a campaign with no fields (`{}`) does not. */
function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'object') return Object.values(value).some(present);
  return true;
}

export { emqBand, type EmqBand } from '@stratum/contracts';
