/**
 * Deterministic randomness for the benchmark data set. Every record draws from its own stream,
 * seeded by (seed, module, index), so a record is the same whatever the batch size, and another
 * record's id or owner can be recomputed without generating everything before it.
 */

/** FNV-1a, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finalizer: a good 32-bit mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** mulberry32: [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks a key by weight: [[key, weight], …]. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [key, w] of table) {
      x -= w;
      if (x < 0) return key;
    }
    return table[table.length - 1][0];
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.int(16).toString(16);
    return s;
  }
}

/** The stream of one record (`stream` separates e.g. the id/owner draw from the field draws). */
export function recordRng(seed: number, stream: string, index: number): Rng {
  return new Rng(fmix32(fmix32(seed ^ hashString(stream)) ^ Math.imul(index + 1, 0x9e3779b1)));
}

/** A UUID of version 7 for a given creation time, as the engine's uuidv7() would make it then. */
export function uuidV7(ms: number, rng: Rng): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0');
  const variant = (8 + rng.int(4)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}
