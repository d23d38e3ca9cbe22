import type { RequestContext } from '../../engine/context.js';

/**
 * The context a system effect is written in: the user whose act caused it (audited under their name), with the rights
 * the effect needs whatever their own — an offer approved by its last approver, a card's points from a paid invoice.
 * Used only with fixed `systemValues`, never with input from the request.
 */
export function asEffect(ctx: RequestContext): RequestContext {
  const effect = { ...ctx, user: { ...ctx.user, isAdmin: true } };
  effects.add(effect);
  return effect;
}

const effects = new WeakSet<RequestContext>();

/** Whether a write is such an effect (hooks let it set what a person may not: an offer's "approved"). */
export function isEffect(ctx: RequestContext): boolean {
  return effects.has(ctx);
}
