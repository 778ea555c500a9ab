import { STORAGE_KEYS, readCookie, readStored, removeStored, widestCookieDomain, writeCookie, writeStored } from './storage';
import type { Traits } from './types';
import { uuid } from './uuid';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function asTraits(value: unknown): Traits {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Traits) : {};
}

/**
 * Who the browser's user is: an anonymous id kept in a first-party cookie and in localStorage (each restores the
 * other; the cookie wins when they differ because it can be shared across subdomains), plus the userId and traits
 * from identify(). While `persistent` is false (consent pending or refused) nothing is written.
 */
export class Identity {
  anonymousId: string;
  userId: string | null;
  traits: Traits;
  /** `null` until the first cookie write looks it up (see domain). */
  private resolvedDomain: string | undefined | null = null;

  constructor(
    private readonly cookieDomain: string | undefined,
    private persistent: boolean,
  ) {
    this.anonymousId =
      asString(readCookie(STORAGE_KEYS.anonymousId)) ?? asString(readStored(STORAGE_KEYS.anonymousId)) ?? uuid();
    this.userId = asString(readStored(STORAGE_KEYS.userId));
    this.traits = asTraits(readStored(STORAGE_KEYS.traits));
    this.save();
  }

  /** Sets the userId (a different one starts from empty traits: it is another person) and merges traits. */
  identify(userId: string | null, traits: Traits): void {
    if (userId !== null && userId !== this.userId) {
      if (this.userId !== null) this.traits = {};
      this.userId = userId;
    }
    this.traits = { ...this.traits, ...traits };
    this.save();
  }

  /** A new anonymous id and no userId or traits: the next visitor on this browser is someone new. */
  reset(): void {
    this.anonymousId = uuid();
    this.userId = null;
    this.traits = {};
    this.save();
  }

  setPersistent(persistent: boolean): void {
    this.persistent = persistent;
    if (persistent) this.save();
    else this.erase();
  }

  /** The cookie's domain: the one configured, else the widest the browser allows, looked for once (a cookie write). */
  private domain(): string | undefined {
    if (this.resolvedDomain === null) {
      this.resolvedDomain = this.cookieDomain ?? widestCookieDomain(location.hostname);
      // A cookie an earlier version kept on the host alone would shadow the shared one: it goes.
      if (this.resolvedDomain !== undefined) writeCookie(STORAGE_KEYS.anonymousId, '', 0);
    }
    return this.resolvedDomain;
  }

  private save(): void {
    if (!this.persistent) return;
    writeCookie(STORAGE_KEYS.anonymousId, this.anonymousId, ONE_YEAR_SECONDS, this.domain());
    writeStored(STORAGE_KEYS.anonymousId, this.anonymousId);
    if (this.userId === null) removeStored(STORAGE_KEYS.userId);
    else writeStored(STORAGE_KEYS.userId, this.userId);
    if (Object.keys(this.traits).length === 0) removeStored(STORAGE_KEYS.traits);
    else writeStored(STORAGE_KEYS.traits, this.traits);
  }

  private erase(): void {
    // Deleting writes nothing: the host's cookie and every parent domain's (it may be one, from an earlier page).
    writeCookie(STORAGE_KEYS.anonymousId, '', 0);
    const labels = location.hostname.split('.');
    for (let i = 0; i < labels.length - 1; i++) writeCookie(STORAGE_KEYS.anonymousId, '', 0, labels.slice(i).join('.'));
    if (this.cookieDomain) writeCookie(STORAGE_KEYS.anonymousId, '', 0, this.cookieDomain);
    removeStored(STORAGE_KEYS.anonymousId);
    removeStored(STORAGE_KEYS.userId);
    removeStored(STORAGE_KEYS.traits);
  }
}
