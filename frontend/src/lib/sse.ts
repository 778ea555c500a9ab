/**
 * A Server-Sent Events reader for streams opened with fetch(). EventSource cannot send an Authorization header,
 * and a token in the URL would end up in proxy logs, so the console reads `text/event-stream` bodies itself.
 * The parser follows the WHATWG "event stream interpretation" rules: lines end in CRLF, LF or CR (a CRLF may be
 * split across two chunks), `:` lines are comments (heartbeats), a blank line dispatches the event, `data` lines
 * accumulate, and an event still open when the stream ends is dropped.
 */
export interface SseMessage {
  /** The `event:` field; `message` when the server sent none. */
  event: string;
  data: string;
  /** The last `id:` seen on the stream (it carries over to later events, as in EventSource). */
  id: string;
}

export interface SseHandlers {
  onMessage: (message: SseMessage) => void;
  /** Comment lines (`: heartbeat`), without the colon and one leading space. */
  onComment?: (text: string) => void;
  /** The server's `retry:` reconnection delay in milliseconds. */
  onRetry?: (milliseconds: number) => void;
}

export interface SseParser {
  /** Feeds decoded text; chunks may split lines, fields and CRLF pairs anywhere. */
  push: (chunk: string) => void;
}

const LF = 10;
const CR = 13;

export function createSseParser(handlers: SseHandlers): SseParser {
  let pending = '';
  let started = false;
  let skipLineFeed = false; // the previous chunk ended in CR: a leading LF belongs to that line end
  let eventType = '';
  let data = '';
  let hasData = false;
  let lastEventId = '';

  const dispatch = () => {
    if (hasData) handlers.onMessage({ event: eventType || 'message', data, id: lastEventId });
    eventType = '';
    data = '';
    hasData = false;
  };

  const processLine = (line: string) => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) {
      handlers.onComment?.(line.slice(line.startsWith(': ') ? 2 : 1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\u0000')) lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        break; // unknown fields are ignored
    }
  };

  return {
    push(chunk) {
      let text = chunk;
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      let start = 0;
      for (let index = 0; index < text.length; index += 1) {
        const code = text.charCodeAt(index);
        if (skipLineFeed) {
          skipLineFeed = false;
          if (code === LF) {
            start = index + 1;
            continue;
          }
        }
        if (code === LF || code === CR) {
          const line = pending + text.slice(start, index);
          pending = '';
          start = index + 1;
          skipLineFeed = code === CR;
          processLine(line);
        }
      }
      pending += text.slice(start);
    },
  };
}

/** Reads a fetch() response body to its end (or until the request is aborted), handing over each message. */
export async function readEventStream(body: ReadableStream<Uint8Array>, handlers: SseHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser(handlers);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } finally {
    reader.releaseLock();
  }
}
