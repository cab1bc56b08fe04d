/** A response body larger than the caller accepts; never retried (the next answer would be as big). */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`answered more than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

// Statuses whose Response may not carry a body (the constructor throws if given one).
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * Wraps `fetch` so the promise settles only once the whole body is read, into memory, and at most
 * `maxBytes` of it. ky's `timeout` covers the wrapped `fetch` call, so with this wrapper the
 * per-attempt deadline covers the body as well as the headers: a server that sends headers and
 * then trickles bytes can no longer keep a request pending for good. ky has no option for either
 * (its timeout ends when headers arrive), hence this small wrapper.
 */
export function cappedBodyFetch(inner: typeof globalThis.fetch, maxBytes: number): typeof globalThis.fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      void res.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const bytes = await readCapped(res.body, maxBytes, signal ?? undefined);
    return new Response(NULL_BODY.has(res.status) ? null : bytes, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** Reads a stream to the end; cancels it and throws once it passes `maxBytes` or `signal` aborts. */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  // undici already errors the body on abort; this also covers an injected fetch that does not.
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A cancel on abort ends the stream as if it were complete: never hand back a cut body.
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
