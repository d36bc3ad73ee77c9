/**
 * A request body read with a ceiling: a Content-Length over it is refused before anything is read, and a body
 * sent without one (chunked) is read only until it passes the ceiling. Permits bound what submissions hold in
 * memory (routes.ts): two bodies read and parsed at once (a 10 MB body is about 60 MB while it is parsed), others
 * waiting with their bytes still in the socket; and 5,000 parsed listens waiting to land (at most 10 kB each).
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

/**
 * A weighted semaphore: `use(weight, fn)` runs `fn` once `weight` of the `capacity` is free (a weight over the
 * capacity waits for all of it), in order of arrival.
 */
export class Permits {
  #free: number;
  #capacity: number;
  #waiting: { weight: number; go: () => void }[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#free = capacity;
  }

  async use<T>(weight: number, fn: () => Promise<T>): Promise<T> {
    const taken = Math.min(weight, this.#capacity);
    if (this.#waiting.length > 0 || this.#free < taken) {
      await new Promise<void>((go) => this.#waiting.push({ weight: taken, go }));
    } else {
      this.#free -= taken;
    }
    try {
      return await fn();
    } finally {
      this.#free += taken;
      while (this.#waiting.length > 0 && this.#free >= this.#waiting[0].weight) {
        const next = this.#waiting.shift()!;
        this.#free -= next.weight;
        next.go();
      }
    }
  }
}
