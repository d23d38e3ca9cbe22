/** webhooks — outgoing webhook subscriptions: record events POSTed as signed JSON to a URL. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, json, t, text, url } from '../common.js';
import { LABELS } from '../labels.js';

export const webhooksModule: ModuleDef = {
  name: 'webhooks',
  label: LABELS.webhooks,
  area: 'settings',
  numberPrefix: 'WH',
  titleFields: ['name'],
  sharing: 'private',
  fields: [
    text('name', L.name, { searchable: true, maxLength: 200 }),
    url('url', t('URL', 'URL', 'URL', 'URL'), { required: true }),
    /** `["deals.updated","accounts.created",…]`; `*.created` for every module. */
    json('events', t('Events', 'События', 'Події', '事件'), { required: true }),
    /** The HMAC-SHA256 key of `X-Karta-Signature`; generated when not given. */
    text('secret', t('Signing secret', 'Секрет подписи', 'Секрет підпису', '签名密钥'), { maxLength: 200 }),
    bool('active', L.is_active, { default: true }),
  ],
  blocks: [block('webhook', LABELS.webhooks.one, ['name', 'url', 'events', 'secret', 'active', 'assigned_to'])],
  list: { columns: ['name', 'url', 'active', 'assigned_to', 'updated_at'], sort: 'name' },
};
