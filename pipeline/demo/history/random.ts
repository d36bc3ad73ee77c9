/**
 * Seeded randomness: the sfc32 generator every choice draws from, the stream numbers that keep concerns
 * apart, and the weight helpers (cumulative tables, largest-remainder splits). Never `Math.random()`.
 */

/** Random streams: each concern draws from its own, so changing one never shifts another. */
export const STREAM = {
  catalogue: 1,
  plan: 2,
  timeline: 3,
  video: 4,
  listener: 5,
  episode: 0x100000, // + show * 0x10000 + episode number
  chapter: 0x800000, // + book * 0x1000 + chapter number
  jostle: 0x1000000, // + file number
} as const;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** sfc32, seeded through a 32-bit finaliser from (seed, stream). */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d = 1;

  constructor(seed: number, stream: number) {
    this.#a = mix32(seed >>> 0);
    this.#b = mix32((Math.floor(seed / 4294967296) >>> 0) ^ 0x5bd1e995);
    this.#c = mix32((stream >>> 0) ^ 0x27d4eb2f);
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** An index drawn from a cumulative weight table. */
  weighted(cumulative: Float64Array): number {
    const target = this.float() * cumulative[cumulative.length - 1];
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** One value of a `[value, weight][]` table. */
  choose<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let target = this.float() * total;
    for (const [value, w] of table) {
      target -= w;
      if (target < 0) return value;
    }
    return table[table.length - 1][0];
  }

  base62(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += BASE62[this.int(62)];
    return out;
  }
}

/** A 32-bit finaliser, so that neighbouring seeds and streams start far apart. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Running sums of `weights`: the table that {@linkcode Random.weighted} draws from. */
export function cumulate(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i];
  return out;
}

/** Splits `total` by `weights` with the largest-remainder method, so the parts sum to `total` exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let missing = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) parts[order[k][1]]++;
  return parts;
}
