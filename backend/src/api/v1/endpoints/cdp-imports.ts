import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { envelope, idParamsSchema, importListQuerySchema, importSchema, paginated } from '@stratum/contracts';
import { invalid } from '../../../core/errors';
import type { ApiDeps } from '../../deps';
import { ok } from '../respond';
import { createImport } from '../../../services/cdp/imports/create-import';
import { getImport, listImports } from '../../../services/cdp/imports/read-imports';
import { discardUpload, saveUpload, type SavedUpload } from '../../../services/cdp/imports/save-upload';

const tags = ['cdp imports'];
export const IMPORT_MAX_BYTES = 1024 ** 3;

export const cdpImportRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, { db, config, imports }) => {
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024 } });

  /** multipart/form-data: `file` (CSV or NDJSON), `kind` (events|profiles), `mapping` (JSON), `source_id`. */
  app.post(
    '/cdp/imports',
    { config: { access: 'cdp:write' }, schema: { tags, consumes: ['multipart/form-data'], response: { 201: envelope(importSchema) } } },
    async (req, reply) => {
      if (!req.isMultipart()) throw invalid('file', 'multipart_required', 'Send the file as multipart/form-data');
      const fields: Record<string, string> = {};
      let upload: SavedUpload | null = null;
      let filename = '';
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            filename = part.filename;
            upload = await saveUpload(part.file, config.dataDir);
            if (part.file.truncated) throw invalid('file', 'too_large', `Files up to ${IMPORT_MAX_BYTES / 1024 ** 3} GB`);
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
      } catch (err) {
        // The file may be saved already when a later part is refused (too many fields, a second file): createImport,
        // which discards it otherwise, is never reached.
        if (upload) await discardUpload(upload);
        throw err;
      }
      if (!upload) throw invalid('file', 'required', 'Attach the file in a `file` field');
      const created = await createImport(db, req.ctx, { upload, filename, fields });
      if (created.status === 'queued') imports.kick();
      return reply.status(201).send(ok(created, created.status === 'duplicate' ? 'This file was imported already; nothing was added' : 'Import queued'));
    },
  );

  app.get(
    '/cdp/imports',
    { config: { access: 'cdp:read' }, schema: { tags, querystring: importListQuerySchema, response: { 200: envelope(paginated(importSchema)) } } },
    async (req) => ok(await listImports(db, req.ctx, req.query)),
  );

  app.get(
    '/cdp/imports/:id',
    { config: { access: 'cdp:read' }, schema: { tags, params: idParamsSchema, response: { 200: envelope(importSchema) } } },
    async (req) => ok(await getImport(db, req.ctx, req.params.id)),
  );
};
