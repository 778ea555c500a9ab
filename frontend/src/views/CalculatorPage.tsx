import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { Layers, LogIn } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@/components/layout/LanguageSwitch';
import { ThemeToggle } from '@/components/layout/ThemeToggle';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { CDPROICalculator } from '@/components/widgets/CDPROICalculator';
import { useUiStore } from '@/stores/ui';

/** Currencies a prospect is likely to think in (Gulf first, see SPEC §1). */
const CURRENCIES = ['USD', 'AED', 'SAR', 'QAR', 'KWD', 'EUR', 'GBP'] as const;

/**
 * The public ROI calculator for sales conversations: no sign-in, no sidebar, just the calculator with the
 * language and theme switches. It never calls the API, so it works for anyone with the link.
 */
export function CalculatorPage() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const [currency, setCurrency] = useState<string>(language === 'ar' ? 'AED' : 'USD');
  const currencyId = useId();

  return (
    <div className="min-h-screen bg-zinc-50 dark:bg-zinc-950">
      <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <div className="flex items-center gap-2">
            <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white">
              <Layers className="size-4" aria-hidden />
            </span>
            <span className="text-sm font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{t('common.appName')}</span>
          </div>
          <div className="flex items-center gap-1">
            <LanguageSwitch />
            <ThemeToggle />
            <Button asChild variant="secondary" size="sm" className="ms-2">
              <Link to="/login">
                <LogIn className="rtl:rotate-180" aria-hidden />
                {t('calculatorPage.signIn')}
              </Link>
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
        <div className="mb-8 flex flex-col gap-6 md:flex-row md:items-end md:justify-between">
          <div className="max-w-2xl">
            <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">{t('roi.title')}</p>
            <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900 sm:text-4xl dark:text-zinc-50">
              {t('calculatorPage.title')}
            </h1>
            <p className="mt-3 text-base text-zinc-600 dark:text-zinc-400">{t('calculatorPage.subtitle')}</p>
          </div>
          <div className="flex items-center gap-2">
            <label htmlFor={currencyId} className="text-sm text-zinc-600 dark:text-zinc-400">
              {t('calculatorPage.currency')}
            </label>
            <Select id={currencyId} value={currency} onChange={(event) => setCurrency(event.target.value)} className="w-28" data-testid="calculator-currency">
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <CDPROICalculator currency={currency} />
        <p className="mt-8 text-center text-xs text-zinc-500 dark:text-zinc-400">{t('calculatorPage.footer')}</p>
      </main>
    </div>
  );
}
