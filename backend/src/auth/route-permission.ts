import type { Permission } from '@stratum/contracts';

/**
 * What a route requires: a permission from the matrix, any signed-in user, or nothing at all. Every route states
 * one; a route that states nothing is refused at request time and fails the route-walking test.
 */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Features the tenant must have switched on (see featureEnabled); CDP routes get `cdp` where they are mounted. */
    features?: readonly import('@stratum/contracts').GatedFeature[];
    /** Why a mutating route writes no audit row (data-plane traffic such as event ingestion). */
    auditExempt?: string;
    /**
     * The body is a batch whose items are validated, and refused, one by one (event ingestion, tracking): the
     * request-wide check for text the database cannot store leaves its body to that per-item validation.
     */
    itemsCheckedOneByOne?: boolean;
  }
  interface FastifyRequest {
    ctx: import('./context').RequestContext;
  }
}

export interface RouteSummary {
  method: string | string[];
  url: string;
  access: RouteAccess | undefined;
  /** The features the route needs, once every scope has added its own (see needsFeature). */
  readonly features: readonly import('@stratum/contracts').GatedFeature[];
}

/** The routes that declare no access rule; the test that walks every registered route expects none. */
export function routesWithoutAccess<T extends Pick<RouteSummary, 'access'>>(routes: readonly T[]): T[] {
  return routes.filter((r) => r.access === undefined);
}
