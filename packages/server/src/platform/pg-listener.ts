/**
 * One LISTEN connection per app instance that survives the database going away: when the connection drops
 * (a restart, a failover, a network cut) it reconnects with a growing delay, LISTENs again on every channel
 * and tells each subscriber it was away, so it can catch up on what was notified meanwhile.
 */
import pg from 'pg';

interface Subscriber { fn: (payload: string) => void; onReconnect?: () => void }

export class PgListener {
  private client: pg.Client | null = null;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private closed = false;
  private connecting: Promise<void> | null = null;
  private retryMs = 250;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string, private readonly log: (message: string) => void = () => undefined) {}

  /** Subscribes to a channel; resolves once this instance listens on it. */
  async listen(channel: string, sub: Subscriber): Promise<() => Promise<void>> {
    const first = !this.channels.has(channel);
    const set = this.channels.get(channel) ?? new Set();
    set.add(sub);
    this.channels.set(channel, set);
    await this.connect();
    if (first && this.client) await this.client.query(`listen "${channel}"`);
    return async () => {
      set.delete(sub);
      if (set.size) return;
      this.channels.delete(channel);
      await this.client?.query(`unlisten "${channel}"`).catch(() => undefined);
    };
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.open().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      for (const sub of this.channels.get(n.channel) ?? []) sub.fn(n.payload ?? '');
    });
    // A dropped connection is expected (database restart); it must never become an unhandled 'error' event.
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`listen "${channel}"`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    this.retryMs = 250;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.log('lost the LISTEN connection; reconnecting');
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().then(() => {
        this.log('LISTEN connection back');
        for (const set of this.channels.values()) for (const sub of set) sub.onReconnect?.();
      }, () => {
        this.retryMs = Math.min(this.retryMs * 2, 5000);
        this.schedule();
      });
    }, this.retryMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
