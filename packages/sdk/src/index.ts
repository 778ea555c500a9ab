// The browser bundle (dist/stratum.js, served as {host}/sdk.js): installs `window.stratum` and replays what the snippet
// stub recorded before this script arrived. See README.md for the snippet.
import { Stratum, replay } from './stratum';

declare global {
  interface Window {
    /** The snippet stub (an array of recorded `[method, args]` calls) until this script replaces it. */
    stratum?: Stratum | unknown[];
  }
}

/** The API lives where this script was served from, unless load() names a host. */
function scriptOrigin(): string {
  const script = document.currentScript;
  try {
    if (script instanceof HTMLScriptElement && script.src) return new URL(script.src).origin;
  } catch {
    // An unparsable src: fall back to the page's origin.
  }
  return location.origin;
}

const existing = window.stratum;
// A second copy of the script leaves the first instance (and its queue) alone.
if (existing === undefined || Array.isArray(existing)) {
  const stratum = new Stratum(scriptOrigin());
  window.stratum = stratum;
  if (existing) replay(stratum, existing);
}
