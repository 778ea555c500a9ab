import { Eye, EyeOff } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';

interface RevealToggleProps {
  revealed: boolean;
  onChange: (revealed: boolean) => void;
}

/**
 * For PII readers only: the API sends them clear values, which the console still shows masked until asked,
 * so personal data is not on screen (or in a screenshot) by default.
 */
export function RevealToggle({ revealed, onChange }: RevealToggleProps) {
  const { t } = useTranslation();
  const Icon = revealed ? EyeOff : Eye;
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-pressed={revealed}
      aria-label={revealed ? t('cdp.hideLabel') : t('cdp.revealLabel')}
      onClick={() => onChange(!revealed)}
      data-testid="reveal-toggle"
    >
      <Icon aria-hidden />
      {revealed ? t('cdp.hide') : t('cdp.reveal')}
    </Button>
  );
}
