import { useEffect, useState } from 'react';
import { Check, Copy } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonProps } from '@/components/ui/button';
import { useToast } from '@/hooks/useToast';

interface CopyButtonProps extends Omit<ButtonProps, 'onClick' | 'children'> {
  text: string;
  /** Visible label; defaults to "Copy". */
  label?: string;
}

/** Copies `text` to the clipboard and says so for two seconds (also to screen readers, through the label). */
export function CopyButton({ text, label, variant = 'secondary', size = 'sm', ...props }: CopyButtonProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      // The Clipboard API exists only in secure contexts (https or localhost).
      if (!navigator.clipboard) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      toast.error(t('common.copyFailed'));
    }
  };

  return (
    <Button variant={variant} size={size} onClick={() => void copy()} aria-live="polite" {...props}>
      {copied ? <Check className="text-emerald-600 dark:text-emerald-400" aria-hidden /> : <Copy aria-hidden />}
      {copied ? t('common.copied') : (label ?? t('common.copy'))}
    </Button>
  );
}
