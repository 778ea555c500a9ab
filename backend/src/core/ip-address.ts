import { isIP } from 'node:net';

/**
 * An IP address less its host part (`203.0.113.***`, `2001:db8:85a3:***`): the network stays readable for debugging
 * a source, the device (a person, in GDPR's reading) does not. Undefined for text that is no IP address.
 */
export function ipNetworkOf(text: string): string | undefined {
  const version = isIP(text);
  if (version === 4) return `${text.slice(0, text.lastIndexOf('.'))}.***`;
  if (version === 6) return `${text.split(':').slice(0, 3).join(':')}:***`;
  return undefined;
}
