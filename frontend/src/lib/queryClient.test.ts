import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '@/api/errors';
import { createQueryClient } from './queryClient';

describe('the console query client', () => {
  it('fetches what is on screen again when a change is refused as not found (it is gone), not on other refusals', async () => {
    const client = createQueryClient();
    let fetches = 0;
    const observer = new QueryObserver(client, { queryKey: ['profile', 'p1'], queryFn: async () => ++fetches });
    const unsubscribe = observer.subscribe(() => undefined);
    await expect.poll(() => fetches).toBe(1);
    const refused = (status: number) =>
      client.getMutationCache().build(client, { mutationFn: async () => Promise.reject(new ApiRequestError('refused', { status })) }).execute(undefined).catch(() => undefined);
    await refused(409);
    expect(fetches).toBe(1);
    await refused(404);
    await expect.poll(() => fetches).toBe(2);
    unsubscribe();
  });
});
