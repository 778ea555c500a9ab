import { CopyButton } from '@/components/common/CopyButton';
import { cn } from '@/lib/utils';

interface CodeBlockProps {
  code: string;
  /** Accessible name of the block, e.g. "curl command". */
  label: string;
  copyLabel?: string;
  className?: string;
  'data-testid'?: string;
}

/**
 * Monospace, always left-to-right (code reads LTR in Arabic too), scrollable, with a copy button. The button sits
 * on the physical right in both directions, over the padding the left-to-right code keeps free there: on the
 * logical end it would cover the start of the code's first line in Arabic.
 */
export function CodeBlock({ code, label, copyLabel, className, ...rest }: CodeBlockProps) {
  return (
    <div className={cn('relative rounded-lg border border-zinc-200 bg-zinc-950 dark:border-zinc-800', className)}>
      <CopyButton
        text={code}
        label={copyLabel}
        variant="ghost"
        className="absolute right-2 top-2 h-7 bg-zinc-800/80 px-2 text-xs text-zinc-200 hover:bg-zinc-700 hover:text-white dark:hover:bg-zinc-700"
      />
      <pre
        dir="ltr"
        aria-label={label}
        tabIndex={0}
        className="max-h-96 overflow-auto p-4 pe-24 text-start font-mono text-xs leading-relaxed text-zinc-100"
        data-testid={rest['data-testid']}
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
