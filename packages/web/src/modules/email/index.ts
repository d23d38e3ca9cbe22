import { EMAIL_TARGETS } from '@karta/shared';
import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const SendEmailDialog = lazy(() => import('./send-email-dialog').then((m) => ({ default: m.SendEmailDialog })));

/** "Send by e-mail" on every record an e-mail can be about. */
export const emailPlugin: AreaPlugin = {
  extensions: Object.fromEntries(EMAIL_TARGETS.map((m) => [m, { actions: [{ key: 'send_email', labelKey: 'email.send', dialog: SendEmailDialog }] }])),
};
