/**
 * A price list: products and services (those the caller may see, up to 50,000) × price types at a date, as XLSX —
 * number, name, price group, then one column of real numbers per type. The same layout is what a price import reads.
 */
import { loadExcel } from '../../platform/excel.js';
import { sql } from 'kysely';
import type { Lang } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { PriceType } from './price-register.js';
import { readTable } from '../../engine/io/read-table.js';
import { AppError } from '../../platform/errors.js';

export const MAX_LIST_ITEMS = 50_000;

const HEAD: Record<Lang, [string, string, string]> = {
  en: ['Number', 'Name', 'Price group'], ru: ['Номер', 'Наименование', 'Ценовая группа'], uk: ['Номер', 'Найменування', 'Цінова група'], zh: ['编号', '名称', '价格组'],
};

export interface PriceListItem { id: string; number: string | null; name: string; price_group: string | null }

/**
 * The items and each type's price at `date` (null where none), in number order: all the caller may see, or the current
 * members of a product segment, or the items named.
 */
export async function priceList(ctx: RequestContext, types: PriceType[], date: string, segmentId: string | null = null, itemIds: string[] | null = null): Promise<{ items: PriceListItem[]; prices: Map<string, Map<string, string>> }> {
  const items: PriceListItem[] = [];
  for (const m of ['products', 'services'] as const) {
    if (!can(ctx, m, 'view') || items.length >= MAX_LIST_ITEMS) continue;
    const vis = visibilityPredicate(ctx, m, 'read', 'r') ?? sql`true`;
    const group = m === 'products' ? sql`r.price_group` : sql`null::text`;
    const inSegment = segmentId ? sql`and r.id in (select s.record_id from segment_members s where s.segment_id = ${segmentId}::uuid and s.until is null)` : sql``;
    const named = itemIds ? sql`and r.id = any(${itemIds}::uuid[])` : sql``;
    const r = await sql<PriceListItem>`select r.id::text, r.number, r.name, ${group} as price_group from ${sql.table(m)} r
      where r.deleted_at is null and ${vis} ${inSegment} ${named} order by r.number, r.id limit ${MAX_LIST_ITEMS - items.length}`.execute(ctx.db);
    items.push(...r.rows);
  }
  const prices = new Map<string, Map<string, string>>();
  if (items.length && types.length) {
    const r = await sql<{ item_id: string; price_type_id: string; price: string }>`select distinct on (item_id, price_type_id) item_id::text, price_type_id::text, price::text
      from prices where price_type_id = any(${types.map((t) => t.id)}::uuid[]) and item_id = any(${items.map((i) => i.id)}::uuid[]) and effective_date <= ${date}::date
      order by item_id, price_type_id, effective_date desc`.execute(ctx.db);
    for (const x of r.rows) {
      if (!prices.has(x.item_id)) prices.set(x.item_id, new Map());
      prices.get(x.item_id)!.set(x.price_type_id, x.price);
    }
  }
  return { items, prices };
}

export async function priceListXlsx(ctx: RequestContext, types: PriceType[], date: string, segmentId: string | null = null): Promise<Buffer> {
  const { items, prices } = await priceList(ctx, types, date, segmentId);
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(date);
  ws.addRow([...HEAD[ctx.lang], ...types.map((t) => t.name)]).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
  for (const i of items) ws.addRow([i.number, i.name, i.price_group, ...types.map((t) => (prices.get(i.id)?.has(t.id) ? Number(prices.get(i.id)!.get(t.id)) : null))]);
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 16;
  types.forEach((_, k) => { const c = ws.getColumn(4 + k); c.numFmt = '#,##0.00'; c.width = 14; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ImportProblem { row: number; column: string; message: string }

type Problem = 'not_read' | 'empty' | 'not_type' | 'ambiguous' | 'twice_column' | 'needs_number' | 'twice_row' | 'too_many' | 'no_item' | 'not_price' | 'nothing_applied';
const SAY: Record<Lang, Record<Problem, string>> = {
  en: { not_read: 'not a readable XLSX or CSV file', empty: 'the file is empty', not_type: 'is not a price type you may see', ambiguous: 'names more than one price type (their names differ only in case)', twice_column: 'is a second column of the same price type', needs_number: 'needs the number of a product or service', twice_row: 'number {x} is already on row {r}', too_many: 'at most {n} rows', no_item: 'no product or service numbered {x}', not_price: '"{x}" is not a price of at least 0 with up to 2 decimals', nothing_applied: 'Nothing was applied: the file has problems' },
  ru: { not_read: 'файл не читается как XLSX или CSV', empty: 'файл пуст', not_type: 'не является доступным вам видом цен', ambiguous: 'подходит к нескольким видам цен (их названия различаются только регистром)', twice_column: 'второй столбец того же вида цен', needs_number: 'нужен номер товара или услуги', twice_row: 'номер {x} уже есть в строке {r}', too_many: 'не более {n} строк', no_item: 'нет товара или услуги с номером {x}', not_price: '«{x}» — не цена не меньше 0 с не более чем 2 знаками после запятой', nothing_applied: 'Ничего не применено: в файле есть ошибки' },
  uk: { not_read: 'файл не читається як XLSX або CSV', empty: 'файл порожній', not_type: 'не є доступним вам видом цін', ambiguous: 'відповідає кільком видам цін (їхні назви різняться лише регістром)', twice_column: 'другий стовпець того самого виду цін', needs_number: 'потрібен номер товару або послуги', twice_row: 'номер {x} уже є в рядку {r}', too_many: 'не більше {n} рядків', no_item: 'немає товару чи послуги з номером {x}', not_price: '«{x}» — не ціна не менше 0 з не більше ніж 2 знаками після коми', nothing_applied: 'Нічого не застосовано: у файлі є помилки' },
  zh: { not_read: '无法作为 XLSX 或 CSV 文件读取', empty: '文件为空', not_type: '不是您可以查看的价格类型', ambiguous: '对应多个价格类型（名称仅大小写不同）', twice_column: '是同一价格类型的第二列', needs_number: '需要产品或服务的编号', twice_row: '编号 {x} 已在第 {r} 行', too_many: '最多 {n} 行', no_item: '没有编号为 {x} 的产品或服务', not_price: '“{x}”不是不小于 0、最多两位小数的价格', nothing_applied: '未应用任何内容：文件存在问题' },
};
const PRICE = /^\d{1,12}(\.\d{1,2})?$/;

/** A cell as text: numbers as written — a float that is not a whole number of cents stays as it is, to be refused, never rounded. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    const cents = Math.round(v * 100);
    return Math.abs(v * 100 - cents) < 1e-6 ? (cents / 100).toFixed(2) : String(v);
  }
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

interface Wanted { row: number; number: string; cells: { type: PriceType; text: string; column: string }[] }

/**
 * The header's price type columns: types set by hand that the caller may change (computed ones follow their base, and
 * read-only ones are the export's too: both skipped); problems at row 1.
 */
function typeColumns(header: string[], types: Map<string, PriceType>, writable: Set<string>, say: (p: Problem) => string, errors: ImportProblem[]): { col: number; type: PriceType }[] {
  const byName = new Map<string, PriceType | 'ambiguous'>();
  for (const t of types.values()) {
    const key = t.name.trim().toLowerCase();
    byName.set(key, byName.has(key) ? 'ambiguous' : t);
  }
  const columns: { col: number; type: PriceType }[] = [];
  header.forEach((name, col) => {
    if (col < 3 || !name) return;
    const t = byName.get(name.toLowerCase());
    if (t === 'ambiguous') errors.push({ row: 1, column: name, message: say('ambiguous') });
    else if (!t) errors.push({ row: 1, column: name, message: say('not_type') });
    else if (columns.some((c) => c.type.id === t.id)) errors.push({ row: 1, column: name, message: say('twice_column') });
    else if (t.kind === 'manual' && writable.has(t.id)) columns.push({ col, type: t });
  });
  return columns;
}

/**
 * Reads a price list in the export's layout (XLSX streamed, or CSV): items by number (column 1), one column per price
 * type set by hand named in the header (types the caller may see); an empty cell sets nothing. Every problem is
 * collected with its row and column; each item and type is set once.
 */
export async function readPriceList(ctx: RequestContext, file: { buffer: Buffer; filename: string }, types: Map<string, PriceType>, writable: Set<string>, visible: (ids: string[]) => Promise<Map<string, 'products' | 'services'>>):
  Promise<{ rows: number; prices: { module: string; id: string; type: string; price: string }[]; errors: ImportProblem[] }> {
  const errors: ImportProblem[] = [];
  const say = (p: Problem, x = '', r = '') => SAY[ctx.lang][p].replace('{x}', x).replace('{r}', r).replace('{n}', String(MAX_LIST_ITEMS));
  let columns: { col: number; type: PriceType }[] = [];
  const wanted: Wanted[] = [];
  const firstRow = new Map<string, number>();
  let count: number;
  try {
    count = await readTable(file.buffer, file.filename, {}, (info) => { columns = typeColumns(info.header, types, writable, say, errors); }, (rows) => {
      for (const [row, values] of rows) {
        const number = cellText(values[0]);
        const cells = columns.map((c) => ({ type: c.type, text: cellText(values[c.col]), column: c.type.name })).filter((c) => c.text !== '');
        if (!number && !cells.length) continue;
        if (!number) { errors.push({ row, column: '1', message: say('needs_number') }); continue; }
        const first = firstRow.get(number);
        if (first !== undefined) { errors.push({ row, column: '1', message: say('twice_row', number, String(first)) }); continue; }
        firstRow.set(number, row);
        wanted.push({ row, number, cells });
      }
    }, MAX_LIST_ITEMS + 1);
  } catch (err) {
    const empty = err instanceof AppError && (err.fields as Record<string, unknown> | undefined)?.file === 'is empty';
    return { rows: 0, prices: [], errors: [{ row: 0, column: '', message: say(empty ? 'empty' : 'not_read') }] };
  }
  if (count > MAX_LIST_ITEMS) errors.push({ row: 0, column: '', message: say('too_many') });
  // Numbers to ids in one query per module; then which the caller may see.
  const numbers = [...firstRow.keys()];
  const ids = new Map<string, string>();
  for (const m of ['products', 'services'] as const) {
    if (!numbers.length) break;
    const r = await sql<{ id: string; number: string }>`select id::text, number from ${sql.table(m)} where number = any(${numbers}::text[]) and deleted_at is null`.execute(ctx.db);
    for (const x of r.rows) if (!ids.has(x.number)) ids.set(x.number, x.id);
  }
  const seen = await visible([...ids.values()]);
  const prices = new Map<string, { module: string; id: string; type: string; price: string }>();
  for (const w of wanted) {
    const id = ids.get(w.number);
    const module = id ? seen.get(id) : undefined;
    if (!id || !module) { errors.push({ row: w.row, column: '1', message: say('no_item', w.number) }); continue; }
    for (const c of w.cells) {
      const price = c.text.replace(',', '.').replace(/\s/g, '');
      if (!PRICE.test(price)) { errors.push({ row: w.row, column: c.column, message: say('not_price', c.text) }); continue; }
      prices.set(`${id}:${c.type.id}`, { module, id, type: c.type.id, price });
    }
  }
  return { rows: wanted.length, prices: [...prices.values()], errors };
}

/** The refusal of an import with problems, in the caller's language: each problem at "row N, column". */
export function importRefusal(lang: Lang, errors: ImportProblem[]): { code: 'VALIDATION_FAILED'; message: string; fields: Record<string, string> } {
  return { code: 'VALIDATION_FAILED', message: SAY[lang].nothing_applied, fields: Object.fromEntries(errors.slice(0, 500).map((e) => [`row ${e.row}${e.column ? `, ${e.column}` : ''}`, e.message])) };
}
