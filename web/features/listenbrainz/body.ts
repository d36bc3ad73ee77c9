/**
 * A request body read with a ceiling: a Content-Length over it is refused before anything is read, and a body
 * sent without one (chunked) is read only until it passes the ceiling. At most `concurrency` bodies are read and
 * parsed at once (Bodies): a 10 MB submission is about 60 MB in memory while it is parsed, so two at once bound
 * what submissions can take of a 2 GB NAS to ~120 MB; others wait their turn with their bytes still in the socket.
 */

/** The body, or "too large" (the rest is not read). */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array | "too large"> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return "too large";
  }
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too large";
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** Lets `concurrency` callers in at a time; the others wait in order. */
export class Bodies {
  #free: number;
  #waiting: (() => void)[] = [];

  constructor(concurrency: number) {
    this.#free = concurrency;
  }

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
