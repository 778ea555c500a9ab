import { namespaceText } from './namespaceText';
import type { liveEn } from './live.en';

/** A string of the `live` namespace (the live event debugger) in the current language; see namespaceText. */
export const { useText: useLiveText } = namespaceText<typeof liveEn>('live');
