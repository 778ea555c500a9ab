import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@stratum/contracts';
import { unauthorized } from './errors';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough, and fast enough for a login on 2 cores.
// `algorithm: 2` is Argon2id; the package exports it only as an ambient const enum, which isolatedModules forbids.
const ARGON_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => argonHash(password, ARGON_OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(hash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the account does not exist, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export interface AccessClaims {
  sub: string;
  role: Role;
  tid: string | null;
}

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function signAccessToken(settings: JwtSettings, claims: AccessClaims): Promise<string> {
  return new SignJWT({ role: claims.role, tid: claims.tid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setJti(randomBytes(12).toString('base64url'))
    .setExpirationTime(`${settings.accessTtlSeconds}s`)
    .sign(keyOf(settings.secret));
}

/** Verifies with the algorithm pinned to HS256 (so `alg: none` or an RS/HS confusion is refused) and iss/aud/exp. */
export async function verifyAccessToken(settings: JwtSettings, token: string): Promise<AccessClaims & { iat: number }> {
  try {
    const { payload } = await jwtVerify(token, keyOf(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    const role = payload.role;
    const tid = payload.tid;
    if (typeof payload.sub !== 'string' || typeof role !== 'string' || (tid !== null && typeof tid !== 'string')) {
      throw unauthorized('Invalid access token');
    }
    return { sub: payload.sub, role: role as Role, tid, iat: payload.iat! };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw unauthorized('Access token expired');
    throw unauthorized('Invalid access token');
  }
}

/** Opaque refresh tokens and other bearer secrets: random, and only their SHA-256 is stored. */
export const newOpaqueToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
