import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors';

/** Fastify reads this on the stream a preParsing hook returns: the bytes received, to check Content-Length against. */
type DecodedStream = Transform & { receivedEncodedLength?: number };

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

export interface DecodingLimits {
  /** The most bytes a request may hold, compressed or decoded. */
  limit: (req: FastifyRequest) => number;
  /** The error a body over the limit gets (each API words its own). */
  tooLarge: (req: FastifyRequest) => Error;
}

/**
 * A preParsing hook decoding bodies sent with `Content-Encoding: gzip`, `deflate` or `br`: server-side SDKs
 * compress by default (RudderStack's Node SDK gzips every batch), and their events were refused as "not valid JSON".
 * The limit holds on the decoded bytes as they come out, so a small compressed body that inflates to gigabytes
 * is stopped at the limit instead of being decoded into memory; the stream is destroyed there.
 */
export function decodeCompressedBodies({ limit, tooLarge }: DecodingLimits) {
  return async (req: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> => {
    const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity' || req.method === 'GET' || req.method === 'HEAD') return payload;
    const decoder = DECODERS[encoding];
    if (!decoder) {
      throw new AppError(415, 'unsupported_content_encoding', `Content-Encoding "${encoding}" is not supported: send gzip, deflate, br or no encoding`);
    }
    // Multipart uploads are read from the socket by the multipart parser, past this hook's stream.
    if (String(req.headers['content-type'] ?? '').startsWith('multipart/')) {
      throw new AppError(415, 'unsupported_content_encoding', 'A multipart upload cannot be sent compressed: send it without Content-Encoding');
    }
    const max = limit(req);
    let encoded = 0;
    let decoded = 0;
    const counted: DecodedStream = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        decoded += chunk.length;
        if (decoded > max) return done(tooLarge(req));
        done(null, chunk);
      },
    });
    const inflate = decoder();
    payload.on('data', (chunk: Buffer) => {
      encoded += chunk.length;
      counted.receivedEncodedLength = encoded;
      if (encoded > max) counted.destroy(tooLarge(req));
    });
    payload.on('error', (err) => counted.destroy(err));
    inflate.on('error', () => counted.destroy(new AppError(400, 'invalid_content_encoding', `Body is not valid ${encoding} data`)));
    // Once the body is refused, nothing more is decoded.
    counted.on('close', () => {
      payload.unpipe(inflate);
      inflate.destroy();
    });
    payload.pipe(inflate).pipe(counted);
    // Fastify listens only while it reads a body; a request whose body is never read must not crash the process.
    counted.on('error', () => undefined);
    return counted;
  };
}
