import type { DeepStrings } from './deep-strings';

/**
 * Strings of a profile's identifiers, identity graph, conflicts and merges when it holds more than are shown at once (a
 * shared device, a test account), in their own namespace read with identityText (see namespaceText).
 * `identity.ar.ts` has the same shape.
 */
export const identityEn = {
  identifiers: {
    shown: 'Showing {{shown}} of {{total}}: the strongest and most recently seen first.',
    more: 'Show more',
    loading: 'Loading…',
    loadError: 'Could not load more identifiers.',
  },
  merges: {
    shown: 'Showing the {{shown}} latest of {{total}} merges.',
  },
  graph: {
    shown: 'Drawing {{shown}} of {{total}} identifiers: the strongest and most recently seen.',
    aliasEdge: '{{from}} and {{to}} joined by an alias',
  },
  conflicts: {
    title: 'Kept apart',
    description: 'Events that would have joined this profile with another, or named more identifiers of a type themselves, past the number a person may hold.',
    keptApartFrom: 'Kept apart from',
    extraInEvent: 'The event itself named more than a person may hold: the extra one was not kept',
    limit: 'One {{type}} more than a person may hold',
    eventGone: 'event no longer kept',
    settings: 'Merge protection settings',
    loadError: 'Could not load the conflicts.',
  },
};

export type IdentityTranslation = DeepStrings<typeof identityEn>;
