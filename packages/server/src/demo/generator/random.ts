/**
 * A small seeded PRNG (mulberry32) and the pickers the demo generator uses — the same seed gives the
 * same demo company every time (no Math.random).
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }

  /** `n` distinct items (fewer when the list is shorter). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }

  /** A string of `n` random digits. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** A money amount in [min, max] rounded to `step`, as a decimal string with two places. */
  money(min: number, max: number, step = 100): string {
    return (Math.round(this.int(min, max) / step) * step).toFixed(2);
  }
}

const DAY = 86_400_000;

/** Dates relative to one fixed "today", so a whole load agrees on what is past and future. */
export class Calendar {
  readonly today: Date;

  constructor(now = new Date()) {
    this.today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  }

  /** `YYYY-MM-DD`, `offset` days from today. */
  date(offset: number): string {
    return new Date(this.today.getTime() + offset * DAY).toISOString().slice(0, 10);
  }

  /** An ISO timestamp `offset` days from today at `hour:minute` UTC. */
  dateTime(offset: number, hour: number, minute = 0): string {
    return new Date(this.today.getTime() + offset * DAY + (hour * 60 + minute) * 60_000).toISOString();
  }
}
