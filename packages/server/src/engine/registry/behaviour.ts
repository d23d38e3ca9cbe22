import type { RequestContext } from '../context.js';

/** A pending write as hooks see it: the values about to be stored and the record before (on update). */
export interface WriteChange {
  module: string;
  id: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  /** Field values being written (already validated and normalized); hooks may add computed values. */
  values: Record<string, unknown>;
  /** The stored record before the change (update, delete, restore). */
  before?: Record<string, unknown>;
  /** Fields the system set (a write's `systemValues`: a reply's status, a counter), not what a person entered. */
  systemFields?: string[];
}

export type ActionHandler = (ctx: RequestContext, id: string, body: unknown, module: string) => Promise<{ status?: number; body: unknown }>;

/**
 * Module-specific behaviour beside a declaration: hooks run inside the write's transaction,
 * actions answer `POST /records/{module}/{id}/actions/{name}`.
 */
export interface ModuleBehaviour {
  beforeWrite?: (ctx: RequestContext, change: WriteChange) => Promise<void> | void;
  afterWrite?: (ctx: RequestContext, change: WriteChange, record: Record<string, unknown>) => Promise<void> | void;
  /** Records `merged` are being merged into `survivor` (same transaction): move what the module keeps about them. */
  onMerge?: (ctx: RequestContext, survivor: string, merged: string[]) => Promise<void> | void;
  /** The record's approval ended approved (same transaction, as the last approver). */
  onApproved?: (ctx: RequestContext, id: string) => Promise<void> | void;
  actions?: Record<string, ActionHandler>;
}
