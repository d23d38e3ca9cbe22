import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const MailPage = lazy(() => import('./mail-page').then((m) => ({ default: m.MailPage })));

/** My mail: each user's own mailbox (Activities → My mail). */
export const mailPlugin: AreaPlugin = {
  pages: [{ path: 'mail', area: 'activities', labelKey: 'mail.title', component: MailPage }],
};
