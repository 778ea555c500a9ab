import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { cn } from '@/lib/utils';

export interface TabItem<T extends string> {
  value: T;
  label: string;
  icon?: LucideIcon;
  /** Extra content after the label, e.g. a count badge. */
  adornment?: ReactNode;
}

interface TabListProps<T extends string> {
  /** Shared by the tabs and their panels' ids; use `useId()`. */
  idPrefix: string;
  label: string;
  value: T;
  onValueChange: (value: T) => void;
  tabs: readonly TabItem<T>[];
  className?: string;
}

export const tabId = (idPrefix: string, value: string) => `${idPrefix}-tab-${value}`;
export const panelId = (idPrefix: string, value: string) => `${idPrefix}-panel-${value}`;

/**
 * WAI-ARIA tabs with automatic activation: arrow keys move along the reading direction (so they flip in RTL),
 * Home and End jump to the ends, and only the selected tab is in the Tab order.
 */
export function TabList<T extends string>({ idPrefix, label, value, onValueChange, tabs, className }: TabListProps<T>) {
  const refs = useRef(new Map<T, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const index = tabs.findIndex((tab) => tab.value === value);
    const step: Record<string, number | 'first' | 'last'> = {
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
      Home: 'first',
      End: 'last',
    };
    const move = step[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const nextIndex = move === 'first' ? 0 : move === 'last' ? tabs.length - 1 : (index + move + tabs.length) % tabs.length;
    const next = tabs[nextIndex];
    if (!next) return;
    onValueChange(next.value);
    refs.current.get(next.value)?.focus();
  };

  return (
    <div
      role="tablist"
      aria-label={label}
      onKeyDown={onKeyDown}
      className={cn('flex gap-1 border-b border-zinc-200 dark:border-zinc-800', className)}
    >
      {tabs.map((tab) => {
        const selected = tab.value === value;
        const Icon = tab.icon;
        return (
          <button
            key={tab.value}
            ref={(element) => {
              if (element) refs.current.set(tab.value, element);
              else refs.current.delete(tab.value);
            }}
            type="button"
            role="tab"
            id={tabId(idPrefix, tab.value)}
            aria-selected={selected}
            aria-controls={panelId(idPrefix, tab.value)}
            tabIndex={selected ? 0 : -1}
            onClick={() => onValueChange(tab.value)}
            className={cn(
              '-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2.5 text-sm font-medium transition-colors ' +
                'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 [&_svg]:size-4',
              selected
                ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
                : 'border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-200',
            )}
          >
            {Icon ? <Icon aria-hidden /> : null}
            {tab.label}
            {tab.adornment}
          </button>
        );
      })}
    </div>
  );
}

interface TabPanelProps {
  idPrefix: string;
  value: string;
  children: ReactNode;
  /** Inactive panels may stay mounted (keeping their state) but hidden. */
  hidden?: boolean;
  className?: string;
}

export function TabPanel({ idPrefix, value, children, hidden, className }: TabPanelProps) {
  return (
    <div
      role="tabpanel"
      id={panelId(idPrefix, value)}
      aria-labelledby={tabId(idPrefix, value)}
      tabIndex={0}
      hidden={hidden}
      className={cn('focus-visible:outline-none', className)}
    >
      {children}
    </div>
  );
}
