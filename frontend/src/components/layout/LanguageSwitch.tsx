import { Languages } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { useUiStore } from '@/stores/ui';

/** One button that flips between English and Arabic; the label names the language you switch to, in it. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const setLanguage = useUiStore((state) => state.setLanguage);
  const next = language === 'en' ? 'ar' : 'en';

  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={() => setLanguage(next)}
      aria-label={t('topbar.switchLanguageLabel')}
      lang={next}
      data-testid="language-switch"
    >
      <Languages aria-hidden />
      <span>{t('topbar.switchLanguage')}</span>
    </Button>
  );
}
