import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { TokenPair } from '@stratum/contracts';

/**
 * The signed-in session: the access token and the rotating refresh token.
 * Persisted so a reload keeps the user signed in; the refresh token is replaced on every refresh because the
 * backend invalidates the old one.
 */
interface SessionState {
  accessToken: string | null;
  refreshToken: string | null;
  setTokens: (pair: Pick<TokenPair, 'access_token' | 'refresh_token'>) => void;
  clear: () => void;
}

export const SESSION_STORAGE_KEY = 'stratum.session';

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      accessToken: null,
      refreshToken: null,
      setTokens: (pair) => set({ accessToken: pair.access_token, refreshToken: pair.refresh_token }),
      clear: () => set({ accessToken: null, refreshToken: null }),
    }),
    { name: SESSION_STORAGE_KEY, storage: createJSONStorage(() => localStorage) },
  ),
);
