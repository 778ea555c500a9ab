import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Source, SourceWithKey } from '@stratum/contracts';
import { makeMe, makeSource, makeSourceWithKey } from '@/test/factories';
import { fail, ok, type FakeApi } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const SECRET = 'cdp_N3wS3cr3tK3yThatIsShownOnlyOnce0001';

/** A tiny sources backend that, like the real one, never lists a key: only its prefix. */
function serveSources(api: FakeApi, initial: Source[]) {
  let sources = [...initial];
  api.on('GET', '/api/v1/cdp/sources', () => ok({ items: sources, total: sources.length }));
  api.on('POST', '/api/v1/cdp/sources', (request) => {
    const body = request.body as { name: string; source_type: Source['source_type'] };
    const created: SourceWithKey = makeSourceWithKey({ ...body, source_key: SECRET, key_prefix: SECRET.slice(0, 10) });
    const { source_key: _key, ...listed } = created;
    sources = [...sources, listed];
    return ok(created, 201);
  });
  api.on('PATCH', /^\/api\/v1\/cdp\/sources\/[^/]+$/, (request) => {
    const id = request.path.split('/').at(-1);
    sources = sources.map((s) => (s.id === id ? { ...s, ...(request.body as Partial<Source>) } : s));
    return ok(sources.find((s) => s.id === id));
  });
  api.on('DELETE', /^\/api\/v1\/cdp\/sources\/[^/]+$/, (request) => {
    sources = sources.filter((s) => s.id !== request.path.split('/').at(-1));
    return ok(null);
  });
  api.on('POST', /^\/api\/v1\/cdp\/sources\/[^/]+\/rotate-key$/, (request) => {
    const id = request.path.split('/').at(-2);
    const source = sources.find((s) => s.id === id)!;
    return ok({ ...source, key_prefix: 'cdp_R0tat3', source_key: 'cdp_R0tat3dK3yForTheSameSource00000002' });
  });
}

const website = makeSource({ name: 'Main website', event_count: 1234, last_event_at: new Date().toISOString() });

describe('SourcesPage', () => {
  it('lists sources with type, key prefix, status and event count', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, [website, makeSource({ name: 'CRM sync', source_type: 'crm', is_active: false, key_prefix: 'cdp_Zz99Yy' })]);

    const rows = await screen.findAllByTestId('source-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Main website');
    expect(rows[0]).toHaveTextContent('Website');
    expect(rows[0]).toHaveTextContent('cdp_Ab12Cd…');
    expect(rows[0]).toHaveTextContent('1,234');
    expect(rows[1]).toHaveTextContent('CRM');
    expect(rows[1]).toHaveTextContent('Inactive');
    expect(rows[1]).toHaveTextContent('Never');
  });

  it('creates a source and shows its key exactly once, with a copy button and a warning', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, []);
    const user = userEvent.setup();

    expect(await screen.findByText('No sources yet')).toBeInTheDocument();
    await user.click(screen.getByTestId('add-source'));
    const form = await screen.findByRole('dialog', { name: 'New source' });
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(await within(form).findByText('This field is required')).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/cdp/sources')).toHaveLength(0);

    await user.type(within(form).getByLabelText('Name'), '  Checkout server ');
    await user.selectOptions(within(form).getByLabelText('Type'), 'server');
    expect(within(form).getByText('Events your own backend sends.')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Create' }));

    const reveal = await screen.findByRole('dialog', { name: 'Copy your source key' });
    expect(api.calls('POST', '/api/v1/cdp/sources')[0]?.body).toEqual({ name: 'Checkout server', source_type: 'server' });
    expect(within(reveal).getByTestId('source-key')).toHaveValue(SECRET);
    expect(within(reveal).getByRole('alert')).toHaveTextContent('This key will not be shown again');
    // The test command in the reveal carries the full key, ready to run.
    expect(within(reveal).getByLabelText('curl command')).toHaveTextContent(`X-Source-Key: ${SECRET}`);

    await user.click(within(reveal).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(within(reveal).getByRole('button', { name: 'Copied' })).toBeInTheDocument();

    await user.click(within(reveal).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // Gone for good: the list shows the prefix only, and reopening the dialog starts a new source.
    const row = await screen.findByTestId('source-row');
    expect(row).toHaveTextContent('cdp_N3wS3c…');
    expect(document.body).not.toHaveTextContent(SECRET);
    await user.click(screen.getByTestId('add-source'));
    expect(await screen.findByRole('dialog', { name: 'New source' })).toBeInTheDocument();
  });

  it('says on the name field, in the console language, that another source has the name', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, [makeSource({ name: 'Checkout server' })]);
    api.on('POST', '/api/v1/cdp/sources', fail(409, 'Another source already has this name', [
      { field: 'name', code: 'source_name_taken', message: 'Another source already has this name' },
    ]));
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('add-source'));
    const form = await screen.findByRole('dialog', { name: 'New source' });
    await user.type(within(form).getByLabelText('Name'), 'checkout server');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(await within(form).findByText('Another source already has this name: choose another.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
  });

  it('rotates a key after confirmation and shows the new key once', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, [website]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'More actions for Main website' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rotate key' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Rotate the key of Main website?' });
    expect(api.calls('POST', `/api/v1/cdp/sources/${website.id}/rotate-key`)).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Rotate key' }));

    const reveal = await screen.findByRole('dialog', { name: 'New key for Main website' });
    expect(within(reveal).getByTestId('source-key')).toHaveValue('cdp_R0tat3dK3yForTheSameSource00000002');
    await user.click(within(reveal).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByTestId('source-key')).not.toBeInTheDocument());
  });

  it('deactivates after confirmation and activates directly', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, [website]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'More actions for Main website' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Deactivate' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Deactivate' }));
    expect(await screen.findByText('Source deactivated')).toBeInTheDocument();
    expect(api.calls('PATCH', `/api/v1/cdp/sources/${website.id}`)[0]?.body).toEqual({ is_active: false });
    expect(await within(screen.getByTestId('source-row')).findByText('Inactive')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'More actions for Main website' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Activate' }));
    await waitFor(() => expect(api.calls('PATCH', `/api/v1/cdp/sources/${website.id}`)[1]?.body).toEqual({ is_active: true }));
  });

  it('deletes a source only after confirmation', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, [website]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'More actions for Main website' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete source' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete Main website?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('Source deleted')).toBeInTheDocument();
    expect(await screen.findByText('No sources yet')).toBeInTheDocument();
  });

  it('gives a curl command for a test event, with the key prefix as a placeholder', async () => {
    const { api } = renderApp({ me: makeMe('analyst'), route: '/cdp/sources' });
    serveSources(api, [website]);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Send a test event to Main website' }));
    const dialog = await screen.findByRole('dialog', { name: 'Send a test event' });
    const snippet = within(dialog).getByTestId('test-event-snippet');
    expect(snippet).toHaveTextContent(`curl -X POST '${window.location.origin}/api/v1/cdp/ingest'`);
    expect(snippet).toHaveTextContent("-H 'X-Source-Key: cdp_Ab12Cd…'");
    const body = JSON.parse(/-d '([\s\S]*)'$/.exec(snippet.textContent ?? '')?.[1] ?? '{}') as { events: { event_name: string }[] };
    expect(body.events[0]?.event_name).toBe('Test Event');
    expect(dialog).toHaveTextContent('Replace cdp_Ab12Cd… with the full key');
  });

  it('opens a source from the list', async () => {
    const { api } = renderApp({ me: makeMe('viewer'), route: '/cdp/sources' });
    serveSources(api, [website]);
    api.on('GET', `/api/v1/cdp/sources/${website.id}`, ok(website));
    const user = userEvent.setup();

    await user.click(await screen.findByRole('link', { name: 'Main website' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Main website' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Setup' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('snippet-sdk')).toHaveTextContent("'cdp_Ab12Cd…'");
  });

  it('hands the new key to the setup page, and only when asked to', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    serveSources(api, []);
    api.on('GET', /^\/api\/v1\/cdp\/sources\/[^/]+$/, (request) => {
      const { source_key: _key, ...created } = makeSourceWithKey({ id: request.path.split('/').at(-1), name: 'Checkout server', source_type: 'server', source_key: SECRET });
      return ok(created);
    });
    const user = userEvent.setup();

    await user.click(await screen.findByTestId('add-source'));
    const form = await screen.findByRole('dialog', { name: 'New source' });
    await user.type(within(form).getByLabelText('Name'), 'Checkout server');
    await user.selectOptions(within(form).getByLabelText('Type'), 'server');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    const reveal = await screen.findByRole('dialog', { name: 'Copy your source key' });
    await user.click(within(reveal).getByRole('link', { name: 'Set up this source' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout server' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('snippet-ingest-curl')).toHaveTextContent(`X-Source-Key: ${SECRET}`);
    expect(screen.getByTestId('setup-key-full')).toBeInTheDocument();
  });

  it('lets non-admins read sources but not change them', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/sources' });
    serveSources(api, [website]);
    await screen.findByTestId('source-row');
    expect(screen.queryByTestId('add-source')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'More actions for Main website' })).not.toBeInTheDocument();
  });

  it('explains a failed load and retries', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: '/cdp/sources' });
    api.on('GET', '/api/v1/cdp/sources', fail(500, 'Database unavailable'));
    const user = userEvent.setup();
    expect(await screen.findByText('Database unavailable')).toBeInTheDocument();
    serveSources(api, [website]);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('source-row')).toBeInTheDocument();
  });
});
