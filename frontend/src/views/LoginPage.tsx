import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { AlertCircle, Fingerprint, Layers, ShieldCheck, Workflow } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { loginRequestSchema } from '@stratum/contracts';
import { useLogin } from '@/api/auth';
import type { ApiRequestError } from '@/api/errors';
import { LanguageSwitch } from '@/components/layout/LanguageSwitch';
import { ThemeToggle } from '@/components/layout/ThemeToggle';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useAuth } from '@/contexts/AuthContext';
import { errorMessage } from '@/hooks/useToast';
import { fieldErrorMessage, setServerFieldErrors, zodOptions } from '@/lib/validation';

type Translate = ReturnType<typeof useTranslation>['t'];

function loginErrorMessage(error: ApiRequestError, t: Translate): string {
  if (error.status === 429) {
    return error.retryAfterSeconds !== null
      ? t('login.throttled', { seconds: error.retryAfterSeconds })
      : t('login.throttledLater');
  }
  return errorMessage(error, t);
}

export function LoginPage() {
  const { t } = useTranslation();
  const { status } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const login = useLogin();
  // The root is "home" rather than a page asked for: /home sends each user to their own start page.
  const requested = (location.state as { from?: string } | null)?.from;
  const from = requested && requested !== '/' ? requested : '/home';
  const form = useForm({
    resolver: zodResolver(loginRequestSchema, zodOptions),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;

  if (status === 'authenticated') return <Navigate to={from} replace />;

  const onSubmit = form.handleSubmit((values) => {
    login.mutate(values, {
      onSuccess: () => navigate(from, { replace: true }),
      onError: (error) => {
        setServerFieldErrors(form.setError, error, ['email', 'password']);
      },
    });
  });

  return (
    <div className="grid min-h-screen lg:grid-cols-2">
      <aside className="relative hidden overflow-hidden bg-gradient-to-br from-indigo-600 via-indigo-700 to-zinc-900 p-12 text-white lg:flex lg:flex-col lg:justify-between">
        <div className="flex items-center gap-2 text-lg font-semibold">
          <span className="flex size-9 items-center justify-center rounded-lg bg-white/15 ring-1 ring-white/25">
            <Layers className="size-5" aria-hidden />
          </span>
          {t('common.appName')}
        </div>
        <div className="max-w-md">
          <h2 className="text-3xl font-semibold leading-tight tracking-tight">{t('login.heroTitle')}</h2>
          <p className="mt-4 text-indigo-100">{t('login.heroBody')}</p>
          <ul className="mt-8 flex gap-3 text-indigo-100" aria-hidden>
            {[Workflow, Fingerprint, ShieldCheck].map((Icon, index) => (
              <li key={index} className="flex size-10 items-center justify-center rounded-lg bg-white/10 ring-1 ring-white/20">
                <Icon className="size-5" />
              </li>
            ))}
          </ul>
        </div>
        <p className="text-xs text-indigo-200/80">© Stratum</p>
      </aside>

      <main className="flex flex-col bg-white dark:bg-zinc-950">
        <div className="flex justify-end gap-1 p-4">
          <LanguageSwitch />
          <ThemeToggle />
        </div>
        <div className="flex flex-1 items-center justify-center px-6 pb-16">
          <div className="w-full max-w-sm">
            <div className="mb-8">
              <span className="mb-6 flex size-10 items-center justify-center rounded-lg bg-indigo-600 text-white lg:hidden">
                <Layers className="size-5" aria-hidden />
              </span>
              <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{t('login.title')}</h1>
              <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">{t('login.subtitle')}</p>
            </div>

            {login.error ? (
              <div
                role="alert"
                data-testid="login-error"
                className="mb-5 flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-700 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300"
              >
                <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
                <span>{loginErrorMessage(login.error, t)}</span>
              </div>
            ) : null}

            <form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-4">
              <FormField label={t('login.email')} error={fieldErrorMessage(errors.email)}>
                <Input type="email" autoComplete="username" autoFocus {...form.register('email')} />
              </FormField>
              <FormField label={t('login.password')} error={fieldErrorMessage(errors.password)}>
                <Input type="password" autoComplete="current-password" {...form.register('password')} />
              </FormField>
              <Button type="submit" size="lg" className="w-full" disabled={login.isPending}>
                {login.isPending ? t('login.submitting') : t('login.submit')}
              </Button>
            </form>
          </div>
        </div>
      </main>
    </div>
  );
}
