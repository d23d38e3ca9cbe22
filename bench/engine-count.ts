/** Counts the SQL statements the engine executes for one request (in process, through a Kysely plugin). */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { RequestContext } from '../packages/server/src/engine/context.js';

class CountingPlugin implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** Statements (excluding BEGIN/COMMIT and the 2 of authentication) that `fn` ran through ctx.db. */
export async function countStatements(ctx: RequestContext, fn: (ctx: RequestContext) => Promise<unknown>): Promise<number> {
  const plugin = new CountingPlugin();
  await fn({ ...ctx, db: (ctx.db as any).withPlugin(plugin) });
  return plugin.count;
}
