import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CdpImport } from '@stratum/contracts';
import { makeImport } from '@/test/collectionFactories';
import { makeMe, makeSource } from '@/test/factories';
import { fail, ok, page, type FakeApi } from '@/test/fakeApi';
import { renderApp } from '@/test/render';

const crm = makeSource({ name: 'HubSpot export', source_type: 'crm' });

/** The imports backend: a paged list, uploads that answer with `created`, and per-import progress answers in turn. */
function serveImports(api: FakeApi, { initial = [], progress = [] }: { initial?: CdpImport[]; progress?: CdpImport[] } = {}) {
  let imports = [...initial];
  const steps = [...progress];
  api.on('GET', '/api/v1/cdp/sources', ok({ items: [crm], total: 1 }));
  api.on('GET', '/api/v1/cdp/imports', (request) => {
    const number = Number(request.params.page ?? 1);
    const size = Number(request.params.page_size ?? 20);
    return ok(page(imports.slice((number - 1) * size, number * size), imports.length, number, size));
  });
  api.on('GET', /^\/api\/v1\/cdp\/imports\/[^/]+$/, (request) => {
    const id = request.path.split('/').at(-1);
    const next = steps.length > 1 ? steps.shift()! : steps[0];
    if (next) imports = imports.map((i) => (i.id === id ? { ...next, id: i.id } : i));
    return ok(imports.find((i) => i.id === id));
  });
  return {
    answerUploadWith: (created: CdpImport) =>
      api.on('POST', '/api/v1/cdp/imports', () => {
        imports = [created, ...imports];
        return ok(created, 201);
      }),
  };
}

const csv = (text: string, name = 'orders.csv') => new File([text], name, { type: 'text/csv' });

async function chooseFile(file: File) {
  const user = userEvent.setup();
  await user.upload(await screen.findByTestId('import-file-input'), file);
  return user;
}

function uploaded(api: FakeApi) {
  const form = api.calls('POST', '/api/v1/cdp/imports')[0]?.body as FormData | undefined;
  if (!form) throw new Error('Nothing was uploaded');
  return form;
}

describe('ImportsPage', () => {
  it('reads the CSV header, guesses a mapping, uploads it and follows the import to completion', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/imports' });
    const queued = makeImport({ filename: 'orders.csv', status: 'queued', percent: 0, rows_processed: 0, rows_ok: 0, rows_failed: 0, source_id: crm.id });
    const backend = serveImports(api, {
      progress: [
        { ...queued, status: 'running', percent: 50, rows_processed: 2, rows_ok: 2 },
        {
          ...queued,
          status: 'completed',
          percent: 100,
          rows_processed: 3,
          rows_ok: 2,
          rows_failed: 1,
          errors: [
            { row: 2, message: 'revenue not counted: total is not a number', imported: true },
            { row: 3, message: 'when: not a date (yesterday)', code: 'invalid_field' },
          ],
        },
      ],
    });
    backend.answerUploadWith(queued);
    expect(await screen.findByText('No imports yet')).toBeInTheDocument();

    const user = await chooseFile(csv('email,Mobile,event,when,Order ID,total\njane@example.com,+971501234567,Order Completed,2026-01-15T10:30:00Z,A-1,250\n'));
    expect(await screen.findByTestId('import-file')).toHaveTextContent('orders.csv');
    expect(screen.getByTestId('import-file')).toHaveTextContent('CSV');

    const rows = await screen.findAllByTestId('mapping-row');
    expect(rows.map((row) => row.getAttribute('data-column'))).toEqual(['email', 'Mobile', 'event', 'when', 'Order ID', 'total']);
    const target = (column: string) => screen.getByLabelText(`Target for column ${column}`);
    expect(target('email')).toHaveValue('identifier.email');
    expect(target('Mobile')).toHaveValue('identifier.phone');
    expect(target('event')).toHaveValue('event_name');
    expect(target('when')).toHaveValue('properties');
    expect(screen.getByLabelText('Key for column Order ID')).toHaveValue('Order_ID');
    expect(within(rows[1]!).getByText('+971501234567')).toBeInTheDocument();

    // The reader corrects two guesses and names a key.
    await user.selectOptions(target('when'), 'event_time');
    await user.clear(screen.getByLabelText('Key for column Order ID'));
    await user.type(screen.getByLabelText('Key for column Order ID'), 'order_id');
    await user.selectOptions(screen.getByTestId('import-source'), 'HubSpot export');
    await user.click(screen.getByTestId('import-submit'));

    await waitFor(() => expect(api.calls('POST', '/api/v1/cdp/imports')).toHaveLength(1));
    const form = uploaded(api);
    expect(form.get('kind')).toBe('events');
    expect(form.get('source_id')).toBe(crm.id);
    expect((form.get('file') as File).name).toBe('orders.csv');
    expect(JSON.parse(form.get('mapping') as string)).toEqual({
      email: 'identifier.email',
      Mobile: 'identifier.phone',
      event: 'event_name',
      when: 'event_time',
      'Order ID': 'properties.order_id',
      total: 'properties.total',
    });
    expect(await screen.findByText('Import of orders.csv started')).toBeInTheDocument();
    // The form is ready for the next file.
    expect(screen.queryByTestId('mapping-table')).not.toBeInTheDocument();

    const job = await screen.findByTestId('import-job');
    await waitFor(() => expect(job).toHaveAttribute('data-status', 'running'));
    expect(within(job).getByRole('progressbar', { name: 'Progress of orders.csv' })).toHaveAttribute('aria-valuenow', '50');
    expect(within(job).getByTestId('import-status')).toHaveTextContent('Running');

    await waitFor(() => expect(screen.getByTestId('import-job')).toHaveAttribute('data-status', 'completed'), { timeout: 4000 });
    const done = screen.getByTestId('import-job');
    expect(within(done).getByTestId('import-status')).toHaveTextContent('Completed');
    expect(within(done).getByTestId('import-counts')).toHaveTextContent('100% · Rows: 3 · Imported: 2 · Failed: 1');
    expect(done).toHaveTextContent('HubSpot export');

    await user.click(within(done).getByRole('button', { name: 'Show row errors (1)' }));
    const report = within(done).getByTestId('import-errors');
    expect(within(report).getAllByTestId('import-error-row')[0]).toHaveTextContent('3Invalid field: when: not a date (yesterday)');
    // A row imported with a note is neither counted nor listed as failed: its note is listed apart.
    expect(within(report).getAllByTestId('import-error-row')).toHaveLength(1);
    await user.click(within(done).getByRole('button', { name: 'Hide row errors' }));
    expect(within(done).queryByTestId('import-errors')).not.toBeInTheDocument();
    await user.click(within(done).getByRole('button', { name: 'Show notes on imported rows (1)' }));
    expect(within(within(done).getByTestId('import-notes')).getByTestId('import-note-row')).toHaveTextContent('2revenue not counted: total is not a number');
    // Polling stopped with the import.
    const polls = api.calls('GET', `/api/v1/cdp/imports/${queued.id}`).length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(api.calls('GET', `/api/v1/cdp/imports/${queued.id}`)).toHaveLength(polls);
  }, 15_000);

  it('checks the mapping before uploading', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/imports' });
    serveImports(api);
    const user = await chooseFile(csv('plan,score\ngold,3\n'));
    await screen.findAllByTestId('mapping-row');

    await user.click(screen.getByTestId('import-submit'));
    const problems = await screen.findByTestId('mapping-problems');
    expect(problems).toHaveTextContent('Map at least one column to an identifier.');
    expect(problems).toHaveTextContent('Map a column to Event name.');
    expect(problems).toHaveTextContent('Map a column to Event time.');

    await user.selectOptions(screen.getByLabelText('Target for column plan'), 'identifier.external_id');
    await user.selectOptions(screen.getByTestId('import-kind'), 'profiles');
    // Profiles need no event name; their data are traits.
    expect(screen.getByLabelText('Target for column score')).toHaveValue('traits');
    await user.clear(screen.getByLabelText('Key for column score'));
    await user.type(screen.getByLabelText('Key for column score'), 'bad key');
    expect(screen.getByTestId('mapping-problems')).toHaveTextContent('Column score: the key may hold letters');
    expect(screen.getByLabelText('Key for column score')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls('POST', '/api/v1/cdp/imports')).toHaveLength(0);
  });

  it('shows the API refusal of a mapping', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/imports' });
    serveImports(api);
    api.on('POST', '/api/v1/cdp/imports', fail(422, 'Validation failed', [{ field: 'mapping', code: 'unknown_columns', message: 'Columns not in the file: e-mail' }]));
    const user = await chooseFile(csv('email,event,timestamp\na@b.co,Signed Up,2026-01-15T10:30:00Z\n'));
    await screen.findAllByTestId('mapping-row');
    await user.click(screen.getByTestId('import-submit'));
    expect(await screen.findByTestId('import-server-error')).toHaveTextContent('Columns not in the file: e-mail');
    // The form keeps the file and mapping for another try.
    expect(screen.getByTestId('mapping-table')).toBeInTheDocument();
  });

  it('uploads NDJSON as it is, or with a field mapping when asked', async () => {
    const { api } = renderApp({ me: makeMe('admin'), route: `/cdp/imports?source=${crm.id}` });
    const backend = serveImports(api);
    backend.answerUploadWith(makeImport({ filename: 'events.ndjson', format: 'ndjson', status: 'completed' }));
    const line = JSON.stringify({ event_name: 'Signed Up', event_time: '2026-01-15T10:30:00Z', identifiers: [{ type: 'email', value: 'a@b.co' }] });
    const user = await chooseFile(new File([`${line}\n`], 'events.ndjson'));

    const options = await screen.findByTestId('ndjson-options');
    expect(within(options).getByText('Without a mapping, each line is taken as a CDP event, as it is:')).toBeInTheDocument();
    expect(screen.queryByTestId('mapping-table')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('import-source')).toHaveValue(crm.id));

    await user.click(screen.getByRole('switch', { name: 'Map fields instead' }));
    expect(screen.getByLabelText('Target for column event_name')).toHaveValue('event_name');
    expect(screen.getByLabelText('Target for column identifiers')).toHaveValue('properties');
    await user.click(screen.getByRole('switch', { name: 'Map fields instead' }));

    await user.click(screen.getByTestId('import-submit'));
    await waitFor(() => expect(api.calls('POST', '/api/v1/cdp/imports')).toHaveLength(1));
    const form = uploaded(api);
    expect(form.get('mapping')).toBeNull();
    expect(form.get('source_id')).toBe(crm.id);
  });

  it('explains a duplicate: the same file was imported already', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/imports' });
    const earlier = makeImport({ filename: 'orders.csv', status: 'completed', rows_processed: 10, rows_ok: 10 });
    const backend = serveImports(api, { initial: [earlier] });
    backend.answerUploadWith(makeImport({ filename: 'orders.csv', status: 'duplicate', duplicate_of: earlier.id, percent: 100 }));
    const user = await chooseFile(csv('email,event,timestamp\na@b.co,Signed Up,2026-01-15T10:30:00Z\n'));
    await screen.findAllByTestId('mapping-row');
    await user.click(screen.getByTestId('import-submit'));

    expect(await screen.findByText('orders.csv was imported already: nothing was added.')).toBeInTheDocument();
    const duplicate = (await screen.findAllByTestId('import-job')).find((row) => row.getAttribute('data-status') === 'duplicate')!;
    expect(within(duplicate).getByTestId('import-duplicate')).toHaveTextContent(
      `This file was imported already (import ${earlier.id.slice(-8)}), so nothing was added again.`,
    );
    expect(within(duplicate).getByTestId('import-status')).toHaveTextContent('Duplicate');
  });

  it('refuses files it cannot import and asks for a file', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/imports' });
    serveImports(api, { initial: [makeImport({ status: 'failed', failure_reason: 'The file is not valid UTF-8' })] });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('import-submit'));
    expect(await screen.findByText('Choose a file to import.')).toBeInTheDocument();
    expect(screen.getByText('The import failed: The file is not valid UTF-8')).toBeInTheDocument();

    // `accept` would hide other files in the picker; a dropped file is checked all the same.
    const zone = screen.getByTestId('import-drop-zone');
    const dropped = new File(['x'], 'report.xlsx');
    zone.dispatchEvent(Object.assign(new Event('drop', { bubbles: true, cancelable: true }), { dataTransfer: { files: [dropped] } }));
    expect(await screen.findByText('Choose a .csv, .ndjson or .jsonl file, or one of them gzip-compressed (.gz).')).toBeInTheDocument();
    expect(screen.getByTestId('import-submit')).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Remove file' }));
    await chooseFile(csv('', 'empty.csv'));
    expect(await screen.findByText('The file is empty.')).toBeInTheDocument();
    await chooseFile(csv('\n\n', 'blank.csv'));
    expect(await screen.findByText('No header row found: the first line of a CSV names its columns.')).toBeInTheDocument();
    // Excel's plain CSV on Arabic Windows: "الاسم,email" in Windows-1256.
    await chooseFile(new File([new Uint8Array([0xc7, 0xe1, 0xc7, 0xd3, 0xe3, 0x2c, 0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a])], 'arabic.csv'));
    expect(await screen.findByText(/This file is not UTF-8 text.*“CSV UTF-8”/)).toBeInTheDocument();
    expect(screen.getByTestId('import-submit')).toBeDisabled();
  });

  it('lets a read-only role follow imports without the upload form', async () => {
    const { api } = renderApp({ me: makeMe('analyst'), route: '/cdp/imports' });
    serveImports(api, { initial: [makeImport({ filename: 'customers.csv', kind: 'profiles', rows_processed: 3, rows_ok: 3, rows_duplicate: 1 })] });
    expect(await screen.findByText('Your role can follow imports but not start them.')).toBeInTheDocument();
    expect(screen.queryByTestId('import-form')).not.toBeInTheDocument();
    expect(await screen.findByTestId('import-job')).toHaveTextContent('customers.csv');
    expect(screen.getByTestId('import-job')).toHaveTextContent('Profiles · CSV');
    // Rows whose event was stored already are said apart.
    expect(screen.getByTestId('import-counts')).toHaveTextContent('100% · Rows: 3 · Imported: 3 · Failed: 0 (1 already present)');
  });

  it('pages through the imports, newest first, and keeps following a running one', async () => {
    const { api } = renderApp({ me: makeMe('analyst'), route: '/cdp/imports' });
    const running = makeImport({ filename: 'import-25.csv', status: 'running', percent: 40 });
    const older = Array.from({ length: 24 }, (_, i) => makeImport({ filename: `import-${24 - i}.csv` }));
    serveImports(api, { initial: [running, ...older], progress: [{ ...running, percent: 60 }] });

    const first = await screen.findAllByTestId('import-job');
    expect(first).toHaveLength(20);
    expect(first[0]).toHaveTextContent('import-25.csv');
    expect(first[19]).toHaveTextContent('import-6.csv');
    const pager = screen.getByRole('navigation', { name: 'Pagination' });
    expect(pager).toHaveTextContent('Showing 1–20 of 25');
    expect(within(pager).getByRole('button', { name: 'Previous page' })).toBeDisabled();
    expect(api.calls('GET', '/api/v1/cdp/imports').at(-1)?.params).toMatchObject({ page: 1, page_size: 20 });
    // The running import on this page is still polled.
    await waitFor(() => expect(api.calls('GET', `/api/v1/cdp/imports/${running.id}`).length).toBeGreaterThan(0));

    const user = userEvent.setup();
    await user.click(within(pager).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getAllByTestId('import-job')).toHaveLength(5));
    expect(screen.getAllByTestId('import-job').map((row) => row.textContent?.match(/import-\d+\.csv/)?.[0])).toEqual([
      'import-5.csv',
      'import-4.csv',
      'import-3.csv',
      'import-2.csv',
      'import-1.csv',
    ]);
    expect(api.calls('GET', '/api/v1/cdp/imports').at(-1)?.params).toMatchObject({ page: 2, page_size: 20 });
    expect(screen.getByRole('navigation', { name: 'Pagination' })).toHaveTextContent('Showing 21–25 of 25');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  it('goes back to the first page after an upload, where the new import is', async () => {
    const { api } = renderApp({ me: makeMe('manager'), route: '/cdp/imports' });
    const older = Array.from({ length: 25 }, (_, i) => makeImport({ filename: `import-${25 - i}.csv` }));
    const backend = serveImports(api, { initial: older });
    backend.answerUploadWith(makeImport({ filename: 'fresh.csv', status: 'completed', percent: 100 }));
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole('navigation', { name: 'Pagination' })).getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getAllByTestId('import-job')).toHaveLength(5));

    await chooseFile(csv('email,event,timestamp\na@b.co,Signed Up,2026-01-15T10:30:00Z\n', 'fresh.csv'));
    await screen.findAllByTestId('mapping-row');
    await user.click(screen.getByTestId('import-submit'));
    await waitFor(() => expect(screen.getAllByTestId('import-job')[0]).toHaveTextContent('fresh.csv'));
    expect(api.calls('GET', '/api/v1/cdp/imports').at(-1)?.params).toMatchObject({ page: 1 });
  });

  it('says when the imports cannot be loaded', async () => {
    const { api } = renderApp({ me: makeMe('analyst'), route: '/cdp/imports' });
    serveImports(api);
    api.on('GET', '/api/v1/cdp/imports', fail(500, 'Database unavailable'));
    expect(await screen.findByText('Could not load imports.')).toBeInTheDocument();
  });
});
