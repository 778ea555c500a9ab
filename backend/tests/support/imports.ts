import { expect } from 'vitest';
import type { AppWithTenantAdmin } from './app-with-tenant-admin';
import { multipart } from './multipart';

type ImportFile = { name: string; content: string | Buffer };

/** An import as the tenant's admin runs it through the API, and what it left on profiles. */
export function importsOf(t: AppWithTenantAdmin) {
  const upload = (fields: Record<string, string>, file: ImportFile) => {
    const body = multipart(fields, file, t.admin);
    return t.app.inject({ method: 'POST', url: '/api/v1/cdp/imports', payload: body.payload, headers: body.headers });
  };
  /** Uploads, waits for the import to finish, and returns it as `GET /imports/{id}` shows it. */
  const imported = async (fields: Record<string, string>, file: ImportFile) => {
    const res = await upload(fields, file);
    expect(res.statusCode, res.body).toBe(201);
    await t.app.importRunner.whenIdle();
    return (await t.app.inject({ url: `/api/v1/cdp/imports/${res.json().data.id}`, headers: t.admin.headers })).json().data;
  };
  const profileOf = async (email: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/cdp/profiles/lookup', headers: t.admin.headers, payload: { identifier_type: 'email', identifier_value: email } })).json().data;
  const eventsOf = async (email: string) => (await t.app.inject({ url: `/api/v1/cdp/profiles/${(await profileOf(email)).id}/events`, headers: t.admin.headers })).json().data.items;
  return { upload, imported, profileOf, eventsOf };
}
