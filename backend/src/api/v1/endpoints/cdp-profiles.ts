import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  consentUpdateSchema,
  consentsViewSchema,
  countedAheadPaginated,
  envelope,
  erasureResultSchema,
  eventListQuerySchema,
  idParamsSchema,
  identityConflictSchema,
  identityGraphSchema,
  manualMergeSchema,
  mergeRecordSchema,
  paginated,
  paginationQuerySchema,
  profileExportSchema,
  profileIdentifierSchema,
  profileListQuerySchema,
  profileLookupSchema,
  profileSchema,
  profileSummarySchema,
  storedEventSchema,
} from '@stratum/contracts';
import type { ApiDeps } from '../../deps';
import { ok, streamedEnvelope } from '../respond';
import { getProfile, listProfileIdentifiers, listProfiles, liveProfileId, lookupProfile } from '../../../services/cdp/profiles/read-profiles';
import { identityGraph, mergeHistory } from '../../../services/cdp/profiles/identity-graph';
import { identityConflicts } from '../../../services/cdp/profiles/identity-conflicts';
import { manualMerge, undoMerge } from '../../../services/cdp/profiles/manual-merge';
import { eraseProfile, exportProfile } from '../../../services/cdp/profiles/privacy';
import { getConsents, setConsent } from '../../../services/cdp/consent/profile-consents';
import { listEvents } from '../../../services/cdp/events/list-events';

const tags = ['cdp profiles'];
const timelineQuerySchema = eventListQuerySchema.omit({ profile_id: true });

export const cdpProfileRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, config }) => {
  app.get(
    '/cdp/profiles',
    { config: { access: 'cdp:read' }, schema: { tags, querystring: profileListQuerySchema, response: { 200: envelope(countedAheadPaginated(profileSummarySchema)) } } },
    async (req) => ok(await listProfiles(db, config, req.ctx, req.query)),
  );
  // The same search with its terms in the body: the console searches by email or phone, which must not travel in
  // URLs (proxies and access logs keep those).
  app.post(
    '/cdp/profiles/search',
    {
      config: { access: 'cdp:read', auditExempt: 'read-only search sent as POST to keep identifiers out of URLs' },
      schema: { tags, body: profileListQuerySchema, response: { 200: envelope(countedAheadPaginated(profileSummarySchema)) } },
    },
    async (req) => ok(await listProfiles(db, config, req.ctx, req.body)),
  );
  app.post(
    '/cdp/profiles/lookup',
    { config: { access: 'cdp:read', auditExempt: 'read-only lookup sent as POST to keep identifiers out of URLs' }, schema: { tags, body: profileLookupSchema, response: { 200: envelope(profileSchema) } } },
    async (req) => ok(await lookupProfile(db, config, req.ctx, req.body)),
  );
  app.post(
    '/cdp/profiles/merge',
    { config: { access: 'cdp:admin' }, schema: { tags, body: manualMergeSchema, response: { 201: envelope(mergeRecordSchema) } } },
    async (req, reply) => reply.status(201).send(ok(await manualMerge(db, req.ctx, req.body.survivor_id, req.body.merged_id), 'Profiles merged')),
  );
  app.post(
    '/cdp/merges/:id/undo',
    { config: { access: 'cdp:admin' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(mergeRecordSchema) } } },
    async (req) => ok(await undoMerge(db, config, req.ctx, req.params.id), 'Merge undone'),
  );
  app.get(
    '/cdp/profiles/:id',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(profileSchema) } } },
    async (req) => ok(await getProfile(db, config, req.ctx, req.params.id)),
  );
  app.get(
    '/cdp/profiles/:id/events',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, querystring: timelineQuerySchema, response: { 200: envelope(countedAheadPaginated(storedEventSchema)) } } },
    async (req) => {
      // 404 for unknown or foreign profiles; a merged-away id reads its survivor's timeline, as its profile does
      // (its events moved there with the merge).
      const profileId = await liveProfileId(db, req.ctx, req.params.id);
      return ok(await listEvents(db, req.ctx, { ...req.query, profile_id: profileId }));
    },
  );
  app.get(
    '/cdp/profiles/:id/identity-graph',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(identityGraphSchema) } } },
    async (req) => ok(await identityGraph(db, config, req.ctx, req.params.id)),
  );
  app.get(
    '/cdp/profiles/:id/identifiers',
    {
      config: { access: 'cdp:read' },
      schema: { tags, params: idParamsSchema, querystring: paginationQuerySchema, response: { 200: envelope(paginated(profileIdentifierSchema)) } },
    },
    async (req) => ok(await listProfileIdentifiers(db, config, req.ctx, req.params.id, req.query)),
  );
  app.get(
    '/cdp/profiles/:id/merge-history',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(z.array(mergeRecordSchema)) } } },
    async (req) => ok(await mergeHistory(db, req.ctx, req.params.id)),
  );
  app.get(
    '/cdp/profiles/:id/conflicts',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(z.array(identityConflictSchema)) } } },
    async (req) => ok(await identityConflicts(db, req.ctx, req.params.id)),
  );
  app.get(
    '/cdp/profiles/:id/consents',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(consentsViewSchema) } } },
    async (req) => ok(await getConsents(db, req.ctx, req.params.id)),
  );
  app.put(
    '/cdp/profiles/:id/consents',
    { config: { access: 'cdp:write' }, schema: { tags, params: idParamsSchema, body: consentUpdateSchema, response: { 200: envelope(consentsViewSchema) } } },
    async (req) => ok(await setConsent(db, req.ctx, req.params.id, req.body), 'Consent recorded'),
  );
  app.delete(
    '/cdp/profiles/:id',
    { config: { access: 'cdp:admin' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(erasureResultSchema) } } },
    async (req) => ok(await eraseProfile(db, config, req.ctx, req.params.id), 'Profile erased; its identifiers are suppressed'),
  );
  app.get(
    '/cdp/profiles/:id/export',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(profileExportSchema) } } },
    async (req, reply) => {
      // Not found, forbidden or failing at the start: answered as usual. Once the events flow, the document is
      // written as they are read (see exportProfile), and a failure cuts the download short rather than ending it
      // as a document that looks complete.
      const { head, events } = await exportProfile(db, config, req.ctx, req.params.id);
      reply.header('content-disposition', `attachment; filename="profile-${head.profile.id}.json"`);
      reply.type('application/json; charset=utf-8');
      // The base reply type: a stream is sent as it is, not checked against the route's schema (which documents it).
      return (reply as FastifyReply).send(Readable.from(streamedEnvelope(head, 'events', events)));
    },
  );
};
