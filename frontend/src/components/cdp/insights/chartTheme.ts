import type { LifecycleStage } from '@stratum/contracts';
import { useTheme } from '@/contexts/ThemeContext';
import { useUiStore } from '@/stores/ui';

/**
 * Recharts draws SVG with colours given as props, so Tailwind's dark variant cannot reach it: the palette is
 * picked here from the theme (Tailwind's zinc/indigo/emerald/amber values, lighter shades on dark).
 */
export function useChartTheme() {
  const { theme } = useTheme();
  const rtl = useUiStore((state) => state.language) === 'ar';
  const dark = theme === 'dark';
  return {
    dark,
    rtl,
    grid: dark ? '#27272a' : '#e4e4e7',
    axis: dark ? '#a1a1aa' : '#71717a',
    cursor: dark ? '#52525b' : '#d4d4d8',
    surface: dark ? '#18181b' : '#ffffff',
    events: dark ? '#818cf8' : '#4f46e5',
    purchases: dark ? '#34d399' : '#059669',
    lifecycle: {
      anonymous: dark ? '#71717a' : '#a1a1aa',
      known: dark ? '#818cf8' : '#6366f1',
      customer: dark ? '#34d399' : '#10b981',
      churned: dark ? '#fbbf24' : '#f59e0b',
    } satisfies Record<LifecycleStage, string>,
  };
}

export type ChartTheme = ReturnType<typeof useChartTheme>;
