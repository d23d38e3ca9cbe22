/**
 * The forms every Karta ships, saved once as print templates an administrator may edit (seed 000's SalesPlatform
 * prints счёт, КП, заказ and акт; seeds 003/004 add the Ukrainian and Chinese ones), and a merge letter.
 */
import type { Lang } from '@karta/shared';
import { sql } from 'kysely';
import type { AppContext } from '../../../app-context.js';
import { createRecord } from '../../../engine/records/create.js';
import { contextInTransaction, firstAdministrator } from '../../../engine/system-context.js';
import { opt } from './form-parts.js';
import { EN_FORMS } from './forms-en.js';
import { RU_FORMS } from './forms-ru.js';
import { UK_FORMS } from './forms-uk.js';
import { ZH_FORMS } from './forms-zh.js';

export interface StandardForm { key: string; module: string; language: Lang; name: string; body: string; isDefault?: boolean }

const letter = (greeting: string, closing: string) => `<table><tr><td></td><td width="220"><b>{{ name }}</b><br>{{ billing_street }}<br>{{ billing_city }}${opt('', 'billing_postal_code')}<br>{{ billing_country }}</td></tr></table>
<p style="margin-top:24pt">{{ today }}</p>
<p style="margin-top:12pt">${greeting}</p>
<p>…</p>
<p style="margin-top:18pt">${closing}<br>{{ user.name }}<br>{{ company.name }}</p>`;

const LETTERS: StandardForm[] = [
  { key: 'en_letter_accounts', module: 'accounts', language: 'en', name: 'Letter', body: letter('Dear partners,', 'Yours sincerely,'), isDefault: true },
  { key: 'ru_letter_accounts', module: 'accounts', language: 'ru', name: 'Письмо', body: letter('Уважаемые коллеги!', 'С уважением,'), isDefault: true },
];

export const STANDARD_FORMS: StandardForm[] = [...RU_FORMS, ...UK_FORMS, ...ZH_FORMS, ...EN_FORMS, ...LETTERS];

/** Saves the shipped forms a database lacks (by key), owned by the administrator, through the record pipeline. */
export async function seedPrintTemplates(app: AppContext): Promise<number> {
  const admin = await firstAdministrator(app.database.db);
  if (!admin || !app.meta.registry.has('print_templates')) return 0;
  return app.database.db.transaction().execute(async (trx) => {
    // Several instances starting together: one seeds, the others find the forms there.
    await sql`select pg_advisory_xact_lock(hashtext('karta.print_templates'))`.execute(trx);
    const have = new Set((await sql<{ k: string }>`select standard_key as k from print_templates where standard_key is not null`.execute(trx)).rows.map((r) => r.k));
    const missing = STANDARD_FORMS.filter((f) => !have.has(f.key));
    for (const f of missing) {
      const ctx = await contextInTransaction(app, trx, admin, f.language);
      await createRecord(ctx, 'print_templates', {
        name: f.name, module: f.module, language: f.language, paper: 'a4', orientation: 'portrait', is_default: f.isDefault ?? false, body_html: f.body,
      }, { systemValues: { standard_key: f.key } });
    }
    return missing.length;
  });
}
