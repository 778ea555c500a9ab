import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  anomalyQuerySchema,
  anomalySchema,
  anomalySummarySchema,
  dataHealthSchema,
  dateRangeQuerySchema,
  emqInsightsSchema,
  envelope,
  eventStatisticsSchema,
  eventTrendSchema,
  profileStatisticsSchema,
  roiInputsSchema,
  trendQuerySchema,
} from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { emqInsights, eventStatistics, eventTrend } from '../../../services/cdp/insights/event-insights';
import { dataHealthOf, profileStatistics, roiInputs } from '../../../services/cdp/insights/profile-insights';
import { anomalySummary, findAnomalies } from '../../../services/cdp/insights/anomalies';

const tags = ['cdp insights'];
const access = 'cdp:read' as const;

export const cdpInsightRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db }) => {
  app.get(
    '/cdp/events/statistics',
    { config: { access }, schema: { tags, querystring: dateRangeQuerySchema, response: { 200: envelope(eventStatisticsSchema) } } },
    async (req) => ok(await eventStatistics(db, req.ctx, req.query)),
  );
  app.get(
    '/cdp/events/trends',
    { config: { access }, schema: { tags, querystring: trendQuerySchema, response: { 200: envelope(eventTrendSchema) } } },
    async (req) => ok(await eventTrend(db, req.ctx, req.query)),
  );
  app.get(
    '/cdp/profiles/statistics',
    { config: { access }, schema: { tags, response: { 200: envelope(profileStatisticsSchema) } } },
    async (req) => ok(await profileStatistics(db, req.ctx)),
  );
  app.get(
    '/cdp/emq',
    { config: { access }, schema: { tags, response: { 200: envelope(emqInsightsSchema) } } },
    async (req) => ok(await emqInsights(db, req.ctx)),
  );
  app.get(
    '/cdp/data-health',
    { config: { access }, schema: { tags, response: { 200: envelope(dataHealthSchema) } } },
    async (req) => ok(await dataHealthOf(db, req.ctx)),
  );
  app.get(
    '/cdp/anomalies/events',
    { config: { access }, schema: { tags, querystring: anomalyQuerySchema, response: { 200: envelope(z.array(anomalySchema)) } } },
    async (req) => ok(await findAnomalies(db, req.ctx, req.query)),
  );
  app.get(
    '/cdp/anomalies/summary',
    { config: { access }, schema: { tags, querystring: anomalyQuerySchema, response: { 200: envelope(anomalySummarySchema) } } },
    async (req) => ok(await anomalySummary(db, req.ctx, req.query)),
  );
  app.get(
    '/cdp/roi/inputs',
    { config: { access, features: ['cdp_roi_calculator'] }, schema: { tags, response: { 200: envelope(roiInputsSchema) } } },
    async (req) => ok(await roiInputs(db, req.ctx)),
  );
};
