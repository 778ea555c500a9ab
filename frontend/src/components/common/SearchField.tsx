import type { InputHTMLAttributes } from 'react';
import { Search } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';

type SearchFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  /** Classes of the wrapper (width, flex), which is what list toolbars lay out. */
  className?: string;
};

/** A list's search box: an input with the search icon at its start (mirrored in RTL). */
export function SearchField({ className, ...props }: SearchFieldProps) {
  return (
    <div className={cn('relative', className)}>
      <Search className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
      <Input type="search" className="ps-9" {...props} />
    </div>
  );
}
