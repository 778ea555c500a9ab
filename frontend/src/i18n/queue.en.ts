import type { DeepStrings } from './deep-strings';

/**
 * Strings about a source's queue of tracked requests (those set aside when the database refused their events), in
 * their own namespace read with queueText (see namespaceText). `queue.ar.ts` has the same shape.
 */
export const queueEn = {
  setAside: {
    title: 'Requests that could not be stored: {{n}}',
    description:
      'The database refused their events, so they were set aside and the requests after them went on. Retry once the cause is fixed, or discard. Each is deleted 7 days after it was set aside.',
    received: 'Received',
    events: 'Events',
    failure: 'Error',
    expires: 'Deleted on',
    actions: 'Actions',
    retry: 'Retry',
    retryLabel: 'Retry the request received {{date}}',
    retried: 'Request queued again: its events are being processed',
    discard: 'Discard',
    discardLabel: 'Discard the request received {{date}}',
    discardTitle: 'Discard this request?',
    discardDescription: 'Its {{n}} events are deleted without being stored. This cannot be undone.',
    discarding: 'Discarding…',
    discarded: 'Request discarded',
    loadError: 'Could not load the requests set aside.',
  },
};

export type QueueTranslation = DeepStrings<typeof queueEn>;
