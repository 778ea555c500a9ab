import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Identifier values at rest: AES-256-GCM under a per-tenant key, and a keyed HMAC "blind index" for lookups.
 * Both keys are derived (HKDF-SHA256) from the master key and the tenant id, so a leaked tenant key opens one
 * tenant only and nothing per tenant needs storing.
 */
export interface TenantPiiKeys {
  encryption: Buffer;
  lookup: Buffer;
}

const cache = new Map<string, TenantPiiKeys>();

export function tenantPiiKeys(masterKey: string, tenantId: string): TenantPiiKeys {
  const cacheKey = `${masterKey.length}:${tenantId}`;
  let keys = cache.get(cacheKey);
  if (!keys) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, tenantId, info, 32));
    keys = { encryption: derive('stratum-pii-encryption-v1'), lookup: derive('stratum-pii-lookup-v1') };
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, keys);
  }
  return keys;
}

/** The blind index of a normalised identifier; the type is part of the input so equal values of two types differ. */
export function lookupHash(keys: TenantPiiKeys, type: string, normalisedValue: string): string {
  return createHmac('sha256', keys.lookup).update(`${type}\u0000${normalisedValue}`).digest('hex');
}

/** `v1.` + base64url(iv ‖ tag ‖ ciphertext). */
export function encryptValue(keys: TenantPiiKeys, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

export function decryptValue(keys: TenantPiiKeys, stored: string): string {
  if (!stored.startsWith('v1.')) throw new Error('unknown identifier encryption format');
  const raw = Buffer.from(stored.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export { maskIdentifier } from '@stratum/contracts';
