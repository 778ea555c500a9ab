import { useId, type ReactNode } from 'react';
import { Card, CardTitle } from '@/components/ui/card';
import { cn } from '@/lib/utils';

interface SectionCardProps {
  title: ReactNode;
  description?: string;
  /** Controls on the inline end of the header (toggles, counts). */
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  contentClassName?: string;
  'data-testid'?: string;
}

/** A titled card section of a detail page, labelled by its title for screen readers. */
export function SectionCard({ title, description, actions, children, className, contentClassName, ...rest }: SectionCardProps) {
  const id = useId();
  return (
    <Card className={className} data-testid={rest['data-testid']}>
      <section aria-labelledby={id}>
        {/* On a narrow screen the actions wrap below the title rather than squeeze it to a word a line. */}
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4 dark:border-zinc-800">
          <div className="min-w-0 flex-1 basis-56">
            <CardTitle id={id} className="flex items-center gap-2">
              {title}
            </CardTitle>
            {description ? <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</p> : null}
          </div>
          {actions ? <div className="-my-1 flex max-w-full flex-wrap items-center gap-2">{actions}</div> : null}
        </div>
        <div className={cn('px-5 py-4', contentClassName)}>{children}</div>
      </section>
    </Card>
  );
}
