import type { ModuleDef, Sharing } from '@karta/shared';
import { sql, type DB, type Tx } from '../platform/db.js';
import type { ModuleBehaviour } from './registry/behaviour.js';
import type { LayoutRow } from './registry/layout.js';
import { Registry, type CustomFieldRow, type PicklistRow } from './registry/registry.js';

/**
 * The live registry and sharing map. Custom fields and sharing changes bump `meta_version` in the
 * database; every instance re-reads when it sees a newer version (checked at most once a second).
 */
export class MetaStore {
  registry!: Registry;
  sharing: Record<string, Sharing> = {};
  private version = -1;
  private checkedAt = 0;

  constructor(private readonly db: DB, private readonly defs: ModuleDef[], private readonly behaviours: Record<string, ModuleBehaviour>) {}

  async load(): Promise<void> {
    // The version first: read beside the rest (other connections, other snapshots), a change committed between the
    // reads would be stored as loaded with the old fields and never reloaded. Read before, it is at worst older, and
    // the next check loads again.
    const version = await currentVersion(this.db);
    const [custom, picklists, sharing, layouts] = await Promise.all([
      sql<CustomFieldRow>`select module, name, type, label, options, required, reference from custom_fields where deleted_at is null order by created_at, name`.execute(this.db),
      sql<PicklistRow>`select module, field, options from picklist_options`.execute(this.db),
      sql<{ module: string; level: Sharing }>`select module, level from module_sharing`.execute(this.db),
      sql<LayoutRow>`select module, blocks from module_layouts`.execute(this.db),
    ]);
    this.registry = new Registry(this.defs, this.behaviours, custom.rows, picklists.rows, layouts.rows);
    const map: Record<string, Sharing> = {};
    for (const m of this.defs) map[m.name] = m.sharing;
    for (const r of sharing.rows) map[r.module] = r.level;
    this.sharing = map;
    this.version = version;
    this.checkedAt = Date.now();
  }

  /** The metadata version the registry was built from (a replica must have it before it serves reads). */
  get loadedVersion(): number {
    return this.version;
  }

  /** Reloads when another instance (or this one) changed metadata. */
  async fresh(): Promise<this> {
    if (Date.now() - this.checkedAt < 1000) return this;
    this.checkedAt = Date.now();
    if ((await currentVersion(this.db)) !== this.version) await this.load();
    return this;
  }

  /** Called inside the transaction that changes metadata. */
  static async bump(db: Tx): Promise<void> {
    await sql`insert into settings (key, value) values ('meta_version', '1'::jsonb)
      on conflict (key) do update set value = to_jsonb((settings.value #>> '{}')::int + 1)`.execute(db);
  }

  /** Forces the next fresh() to re-read (after this instance changed metadata). */
  invalidate(): void {
    this.checkedAt = 0;
  }
}

async function currentVersion(db: DB): Promise<number> {
  const r = await sql<{ v: number }>`select (value #>> '{}')::int as v from settings where key = 'meta_version'`.execute(db);
  return r.rows[0]?.v ?? 0;
}
