import { describe, expect, it } from 'vitest';
import { createSseParser, readEventStream, type SseMessage } from './sse';

function parse(chunks: string[]) {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser({
    onMessage: (message) => messages.push(message),
    onComment: (text) => comments.push(text),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { messages, comments, retries };
}

const STREAM = ': connected\n\nevent: accepted\nid: 1\ndata: {"a":1}\n\n: heartbeat\n\nevent: rejected\nid: 2\ndata: {"b":2}\n\n';

describe('SSE parser', () => {
  it('reads several events from one chunk and skips comments (connected, heartbeats)', () => {
    const { messages, comments } = parse([STREAM]);
    expect(messages).toEqual([
      { event: 'accepted', data: '{"a":1}', id: '1' },
      { event: 'rejected', data: '{"b":2}', id: '2' },
    ]);
    expect(comments).toEqual(['connected', 'heartbeat']);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    const expected = parse([STREAM]).messages;
    // Every split point, and also one character per chunk.
    for (let at = 1; at < STREAM.length; at += 1) {
      expect(parse([STREAM.slice(0, at), STREAM.slice(at)]).messages).toEqual(expected);
    }
    expect(parse([...STREAM]).messages).toEqual(expected);
  });

  it('treats CRLF, CR and LF line ends alike, even with CRLF split across chunks', () => {
    const crlf = 'event: accepted\r\ndata: x\r\n\r\n';
    expect(parse([crlf]).messages).toEqual([{ event: 'accepted', data: 'x', id: '' }]);
    expect(parse(['event: accepted\r', '\ndata: x\r', '\n\r', '\n']).messages).toEqual([{ event: 'accepted', data: 'x', id: '' }]);
    expect(parse(['data: y\r\r']).messages).toEqual([{ event: 'message', data: 'y', id: '' }]);
  });

  it('joins multi-line data, keeps the last id, and drops an event the stream ends in the middle of', () => {
    const { messages } = parse(['id: 7\ndata: line one\ndata:line two\n\n', 'data: second\n\n', 'event: accepted\ndata: unfinished']);
    expect(messages).toEqual([
      { event: 'message', data: 'line one\nline two', id: '7' },
      { event: 'message', data: 'second', id: '7' },
    ]);
  });

  it('ignores events without data, unknown fields and a leading byte order mark; reports retry', () => {
    const { messages, retries } = parse(['\uFEFFevent: accepted\n\n', 'foo: bar\nretry: 2500\nretry: soon\ndata\n\n']);
    expect(messages).toEqual([{ event: 'message', data: '', id: '' }]);
    expect(retries).toEqual([2500]);
  });

  it('reads a fetch body to its end, decoding UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: accepted\ndata: {"name":"طلب"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Split inside the two-byte Arabic letters.
        controller.enqueue(bytes.slice(0, 32));
        controller.enqueue(bytes.slice(32));
        controller.close();
      },
    });
    const messages: SseMessage[] = [];
    await readEventStream(body, { onMessage: (message) => messages.push(message) });
    expect(messages).toEqual([{ event: 'accepted', data: '{"name":"طلب"}', id: '' }]);
  });
});
