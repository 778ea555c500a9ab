import { useTranslation } from 'react-i18next';
import i18n from './index';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

type LooseTranslate = { t: (key: string, options: Record<string, unknown>) => string };

/**
 * Strings of a namespace kept out of i18next's typed resources: typing one more namespace (or many more keys)
 * takes the main namespace's key types past TypeScript's instantiation limit (TS2589). Keys are checked here
 * against the namespace's English file instead. `useText` is `text` in a component, which re-renders when the
 * language changes.
 */
export function namespaceText<Strings>(ns: string) {
  const text = (key: Leaves<Strings>, values: Record<string, string> = {}): string =>
    (i18n as unknown as LooseTranslate).t(key, { ...values, ns });
  const useText = (): typeof text => {
    useTranslation();
    return text;
  };
  return { text, useText };
}
