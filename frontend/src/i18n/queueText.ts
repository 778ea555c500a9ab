import { namespaceText } from './namespaceText';
import type { queueEn } from './queue.en';

/** A string of the `queue` namespace (a source's set-aside requests) in the current language; see namespaceText. */
export const { useText: useQueueText } = namespaceText<typeof queueEn>('queue');
