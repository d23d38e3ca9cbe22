import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { EMAIL_TARGETS } from './emails.module.js';
import { sendEmailAction } from './send-email.js';

/** `send_email` on every module an e-mail can be about. */
export const emailBehaviours: Record<string, ModuleBehaviour> = Object.fromEntries(
  EMAIL_TARGETS.map((m) => [m, { actions: { send_email: sendEmailAction } }]),
);
