import { notifications } from '@mantine/notifications';
import { lazy } from 'react';
import { runAction } from '../../api/records';
import { i18n } from '../../i18n';
import type { AreaPlugin } from '../../records/record/module-extensions';

const ui = () => import('./support-ui');
const TicketQueues = lazy(() => ui().then((m) => ({ default: m.TicketQueues })));
const DueDisplay = lazy(() => ui().then((m) => ({ default: m.DueDisplay })));
const FaqSuggestions = lazy(() => ui().then((m) => ({ default: m.FaqSuggestions })));
const ReplyDialog = lazy(() => import('../email/send-email-dialog').then((m) => ({ default: m.ReplyDialog })));

/** The support desk: ticket queues with counts, the overdue mark, replying to the customer by e-mail, portal invitations. */
export const supportPlugin: AreaPlugin = {
  extensions: {
    contacts: {
      actions: [{
        key: 'invite_to_portal', labelKey: 'support.invite_to_portal', visible: (r) => typeof r.email === 'string' && r.email !== '',
        async run({ record }) {
          const r = await runAction('contacts', record.id, 'invite_to_portal', { language: i18n.language }) as { data: { email: string } };
          notifications.show({ color: 'green', message: i18n.t('support.invite_sent', { email: r.data.email }) });
        },
      }],
    },
    tickets: {
      listTools: [TicketQueues],
      listFields: ['status', 'first_response_at', 'due_at'],
      cellDisplays: { due_at: DueDisplay },
      fieldDisplays: { due_at: DueDisplay },
      banners: [FaqSuggestions],
      actions: [
        { key: 'reply', labelKey: 'support.reply', dialog: ReplyDialog, primary: true },
        {
          key: 'convert_to_faq', labelKey: 'support.convert_to_faq', visible: (r) => r.status === 'closed',
          async run({ record }) {
            const r = await runAction('tickets', record.id, 'convert_to_faq') as { data: { id: string } };
            return `/faqs/${r.data.id}`;
          },
        },
      ],
    },
  },
};
