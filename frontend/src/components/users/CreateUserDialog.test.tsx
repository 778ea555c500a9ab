import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeMe, makeUser } from '@/test/factories';
import { fail, ok } from '@/test/fakeApi';
import i18n from '@/i18n';
import { renderWithProviders } from '@/test/render';
import { CreateUserDialog } from './CreateUserDialog';

function renderDialog(tenantId?: string) {
  const onOpenChange = vi.fn();
  const view = renderWithProviders(<CreateUserDialog open onOpenChange={onOpenChange} tenantId={tenantId} />, {
    me: makeMe('admin'),
  });
  return { ...view, onOpenChange };
}

async function fillForm(values: { name: string; email: string; password: string; role?: string }) {
  const user = userEvent.setup();
  const dialog = await screen.findByRole('dialog', { name: 'Add user' });
  await user.type(screen.getByLabelText('Full name'), values.name);
  await user.type(screen.getByLabelText('Email'), values.email);
  await user.type(screen.getByLabelText('Password'), values.password);
  if (values.role) await user.selectOptions(screen.getByLabelText('Role'), values.role);
  await user.click(screen.getByRole('button', { name: 'Add user' }));
  return dialog;
}

describe('CreateUserDialog', () => {
  it('checks the contract rules before sending anything', async () => {
    const { api } = renderDialog();
    await fillForm({ name: 'Ada', email: 'ada@example', password: 'short' });

    expect(await screen.findByText('Enter a valid email address')).toBeInTheDocument();
    expect(screen.getByText('Must be at least 10 characters')).toBeInTheDocument();
    expect(api.calls('POST', '/api/v1/users')).toHaveLength(0);
  });

  it('shows the API 422 field errors next to their fields', async () => {
    const { api, onOpenChange } = renderDialog();
    api.on(
      'POST',
      '/api/v1/users',
      fail(422, 'Validation failed', [
        { field: 'email', code: 'conflict', message: 'A user with this email already exists' },
        { field: 'body.full_name', code: 'invalid', message: 'Name is reserved' },
      ]),
    );

    await fillForm({ name: 'Ada Lovelace', email: 'ada@example.com', password: 'long-enough-pw' });

    const email = screen.getByLabelText('Email');
    expect(await screen.findByText('A user with this email already exists')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('A user with this email already exists');
    expect(screen.getByLabelText('Full name')).toHaveAccessibleDescription('Name is reserved');
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
  });

  it('words a refusal it knows by code in the console’s language (the API’s messages are English)', async () => {
    const { api } = renderDialog();
    await i18n.changeLanguage('ar');
    api.on('POST', '/api/v1/users', fail(409, 'A user with this email already exists', [{ field: 'email', code: 'email_taken', message: 'A user with this email already exists' }]));
    const user = userEvent.setup();
    await screen.findByRole('dialog');
    const inputs = screen.getAllByRole('textbox');
    await user.type(inputs[0]!, 'Ada Lovelace');
    await user.type(inputs[1]!, 'ada@example.com');
    await user.type(document.querySelector('input[type="password"]')!, 'long-enough-pw');
    await user.click(document.querySelector('button[type="submit"]')!);
    expect(await screen.findByText('يوجد مستخدم بهذا البريد الإلكتروني.')).toBeInTheDocument();
    await i18n.changeLanguage('en');
  });

  it('shows a non-field error above the form', async () => {
    const { api } = renderDialog();
    api.on('POST', '/api/v1/users', fail(403, 'You may not create users in this tenant'));
    await fillForm({ name: 'Ada Lovelace', email: 'ada@example.com', password: 'long-enough-pw' });
    expect(await screen.findByText('You may not create users in this tenant')).toBeInTheDocument();
  });

  it('creates the user in the superadmin’s active tenant, confirms and closes', async () => {
    const tenantId = '00000000-0000-4000-8000-0000000000aa';
    const { api, onOpenChange } = renderDialog(tenantId);
    api.on('POST', '/api/v1/users', (request) => ok(makeUser(request.body as object), 201));

    await fillForm({ name: 'Ada Lovelace', email: 'Ada@Example.com', password: 'long-enough-pw', role: 'manager' });

    expect(await screen.findByText('User ada@example.com added')).toBeInTheDocument();
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(api.calls('POST', '/api/v1/users')[0]?.body).toEqual({
      email: 'ada@example.com',
      full_name: 'Ada Lovelace',
      password: 'long-enough-pw',
      role: 'manager',
      tenant_id: tenantId,
    });
  });
});
