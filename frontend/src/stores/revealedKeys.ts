import { create } from 'zustand';

/**
 * Hands a just-revealed source key (after create or rotate) from the reveal dialog to the source's setup page,
 * so its snippets carry the full key. Memory only, never persisted: the page takes the key and drops it from here
 * at once, so it lives exactly as long as that page and a reload forgets it.
 */
interface RevealedKeysState {
  keys: Record<string, string>;
  remember: (sourceId: string, key: string) => void;
  forget: (sourceId: string) => void;
}

export const useRevealedKeysStore = create<RevealedKeysState>()((set) => ({
  keys: {},
  remember: (sourceId, key) => set((state) => ({ keys: { ...state.keys, [sourceId]: key } })),
  forget: (sourceId) =>
    set((state) => {
      const { [sourceId]: _dropped, ...keys } = state.keys;
      return { keys };
    }),
}));
