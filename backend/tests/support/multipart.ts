import type { Session } from './factories';

/** A multipart/form-data request body with text fields and at most one file, as a browser form would send it. */
export function multipart(fields: Record<string, string>, file: { name: string; content: string | Buffer } | undefined, as: Session) {
  const boundary = `----stratum${Math.random().toString(16).slice(2)}`;
  const parts: (string | Buffer)[] = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`, file.content, '\r\n');
  parts.push(`--${boundary}--\r\n`);
  // Text stays text; a file given as bytes (another encoding) is sent as those bytes.
  const payload = typeof file?.content === 'string' || !file ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
  return { payload, headers: { ...as.headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
