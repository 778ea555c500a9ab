import * as ToastPrimitive from '@radix-ui/react-toast';
import { CheckCircle2, AlertCircle, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useToastStore, type ToastVariant } from '@/stores/toast';
import { useUiStore } from '@/stores/ui';
import { cn } from '@/lib/utils';

function ToastIcon({ variant }: { variant: ToastVariant }) {
  switch (variant) {
    case 'success':
      return <CheckCircle2 className="size-5 shrink-0 text-emerald-500" aria-hidden />;
    case 'error':
      return <AlertCircle className="size-5 shrink-0 text-red-500" aria-hidden />;
  }
}

/** Renders the toast queue with Radix Toast (announced politely; errors assertively). */
export function Toaster() {
  const { t } = useTranslation();
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  const rtl = useUiStore((state) => state.language === 'ar');

  return (
    <ToastPrimitive.Provider swipeDirection={rtl ? 'left' : 'right'} duration={5000} label={t('common.notifications')}>
      {toasts.map((toast) => (
        <ToastPrimitive.Root
          key={toast.id}
          type={toast.variant === 'error' ? 'foreground' : 'background'}
          onOpenChange={(open) => {
            if (!open) dismiss(toast.id);
          }}
          data-testid={`toast-${toast.variant}`}
          className={cn(
            'flex items-start gap-3 rounded-lg border bg-white p-4 shadow-lg dark:bg-zinc-900',
            'data-[state=open]:animate-[toast-in_150ms_ease-out] data-[state=closed]:animate-[toast-out_100ms_ease-in]',
            toast.variant === 'error' ? 'border-red-200 dark:border-red-900' : 'border-zinc-200 dark:border-zinc-800',
          )}
        >
          <ToastIcon variant={toast.variant} />
          <div className="min-w-0 flex-1">
            <ToastPrimitive.Title className="text-sm font-medium text-zinc-900 dark:text-zinc-50">
              {toast.title}
            </ToastPrimitive.Title>
            {toast.description ? (
              <ToastPrimitive.Description className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">
                {toast.description}
              </ToastPrimitive.Description>
            ) : null}
          </div>
          <ToastPrimitive.Close
            aria-label={t('common.dismiss')}
            className="rounded p-0.5 text-zinc-400 hover:text-zinc-600 dark:hover:text-zinc-200"
          >
            <X className="size-4" aria-hidden />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport label={`${t('common.notifications')} ({hotkey})`} className="fixed bottom-4 end-4 z-[60] flex w-[22rem] max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
    </ToastPrimitive.Provider>
  );
}
