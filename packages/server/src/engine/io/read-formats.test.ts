import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeAs, detectEncoding } from './decode-text.js';
import { detectDelimiter, MAX_IMPORT_ROWS, readTable } from './read-table.js';
import { formatVCard, parseVCards, VCARD_COLUMNS } from './vcard.js';

const RU = 'Фамилия;Имя;Компания\nИванов;Пётр;ООО "Ромашка"\nСидорова;Анна;Завод\n';
const UK = "Прізвище;Ім'я\nШевченко;Тарас\nКосач;Леся\n";
const ZH = '姓,名,公司\n王,伟,北京科技有限公司\n李,娜,上海贸易\n';

describe('encoding detection', () => {
  it.each([
    ['windows-1251', 'win1251', RU], ['koi8-r', 'koi8-r', RU], ['windows-1251', 'win1251', UK],
    ['gb18030', 'gb18030', ZH], ['utf-16le', 'utf16le', RU], ['utf-16be', 'utf16-be', ZH], ['utf-8', 'utf8', ZH],
  ] as const)('tells %s from the others', (expected, iconvName, text) => {
    const bytes = iconv.encode(text, iconvName);
    expect(detectEncoding(bytes)).toBe(expected);
    expect(decodeAs(bytes, expected)).toBe(text);
  });

  it('looks past a plain ASCII start: Windows-1251 names after 64 KB of codes are not taken for UTF-8', () => {
    const ascii = 'code;amount\n' + 'A-0001;100\n'.repeat(7000);
    const bytes = iconv.encode(ascii + RU, 'win1251');
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(detectEncoding(bytes)).toBe('windows-1251');
    expect(detectEncoding(Buffer.from(ascii + ZH, 'utf8'))).toBe('utf-8');
    // UTF-8 letters early: one stray byte further on does not make the whole file another encoding.
    expect(detectEncoding(Buffer.concat([Buffer.from(ZH + ascii, 'utf8'), Buffer.from([0x93]), Buffer.from(ZH, 'utf8')]))).toBe('utf-8');
  });

  it('follows a BOM, and drops it', () => {
    expect(detectEncoding(Buffer.from('\ufeffa,b\n', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('\ufeffИмя\n', 'utf16le'))).toBe('utf-16le');
    expect(decodeAs(Buffer.from('\ufeffa,b', 'utf8'), 'utf-8')).toBe('a,b');
  });

  it('reads accented Western text as Windows-1252', () => {
    expect(detectEncoding(iconv.encode('Nom;Société\nRené;Crème brûlée\n', 'windows-1252'))).toBe('windows-1252');
  });
});

describe('delimiters', () => {
  it.each([[',', 'a,b,c\n1,2,3\n'], [';', 'a;b;c\n"1,5";2;3\n'], ['\t', 'a\tb\n1\t2\n'], ['|', 'a|b\n1|2\n']])('finds %j', (d, text) => {
    expect(detectDelimiter(text)).toBe(d);
  });
  it('is not fooled by commas inside quotes or decimals', () => {
    expect(detectDelimiter('name;amount\n"Smith, John";1,50\n"Doe, Jane";2,75\n')).toBe(';');
  });
});

describe('readTable', () => {
  it('gives the header, then rows numbered as in the file (empty lines counted, not returned)', async () => {
    const rows: [number, unknown[]][] = [];
    let header: string[] = [];
    const n = await readTable(iconv.encode(RU.replace('\nСидорова', '\n\nСидорова'), 'win1251'), 'a.csv', {}, (i) => { header = i.header; }, (b) => { rows.push(...b); });
    expect(header).toEqual(['Фамилия', 'Имя', 'Компания']);
    expect(n).toBe(2);
    expect(rows).toEqual([[2, ['Иванов', 'Пётр', 'ООО "Ромашка"']], [4, ['Сидорова', 'Анна', 'Завод']]]);
  });

  it('stops after a limit (the preview)', async () => {
    const text = 'a\n' + Array.from({ length: 100 }, (_, i) => `${i}\n`).join('');
    const rows: unknown[] = [];
    expect(await readTable(Buffer.from(text), 'a.csv', {}, () => undefined, (b) => { rows.push(...b); }, 5)).toBe(5);
    expect(rows).toHaveLength(5);
  });

  it('refuses a file past the row cap instead of importing its first rows in silence; exactly the cap is read', async () => {
    const file = (n: number) => Buffer.from('a\n' + '1\n'.repeat(n));
    await expect(readTable(file(MAX_IMPORT_ROWS + 1), 'a.csv', {}, () => undefined, () => undefined)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await readTable(file(MAX_IMPORT_ROWS), 'a.csv', {}, () => undefined, () => undefined)).toBe(MAX_IMPORT_ROWS);
    expect(await readTable(file(MAX_IMPORT_ROWS + 1), 'a.csv', {}, () => undefined, () => undefined, 5)).toBe(5); // a preview
  });

  it('keeps a letter outside the BMP whole where the text is cut into slices for the parser', async () => {
    const values: unknown[] = [];
    const text = `name\n${'a'.repeat(256 * 1024 - 'name\n'.length - 1)}𠮷野家\n`; // 𠮷's two halves straddle the first slice's end
    await readTable(Buffer.from(text), 'a.csv', {}, () => undefined, (b) => { values.push(...b.map(([, v]) => v[0])); });
    expect(String(values[0]).slice(-4)).toBe('𠮷野家');
  });
});

describe('vCard', () => {
  it('reads 3.0 and 2.1 cards (quoted-printable, bare types, folded lines)', () => {
    const text = [
      'BEGIN:VCARD', 'VERSION:3.0', 'N:Иванов;Пётр;;г-н;', 'FN:Пётр Иванов', 'ORG:ООО Ромашка;Отдел продаж', 'TITLE:Директор',
      'EMAIL;TYPE=INTERNET,WORK:petr@example.ru', 'EMAIL;TYPE=HOME:p@home.ru', 'TEL;TYPE=CELL:+7 900 123-45-67', 'TEL;TYPE=WORK,VOICE:+7 495 000-00-00',
      'ADR;TYPE=WORK:;;ул. Ленина\\, 1;Москва;;101000;Россия', 'NOTE:Первая строка\\nвторая', '  продолжение', 'BDAY:19800521', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E4=BC=9F', 'TEL;CELL:13800000000', 'END:VCARD',
    ].join('\r\n');
    const [a, b] = parseVCards(text).map((row) => Object.fromEntries(VCARD_COLUMNS.map((c, i) => [c, row[i]])));
    expect(a).toMatchObject({
      last_name: 'Иванов', first_name: 'Пётр', salutation: 'г-н', account_id: 'ООО Ромашка', department: 'Отдел продаж', title: 'Директор',
      email: 'petr@example.ru', secondary_email: 'p@home.ru', mobile: '+7 900 123-45-67', phone: '+7 495 000-00-00',
      mailing_street: 'ул. Ленина, 1', mailing_city: 'Москва', mailing_postal_code: '101000', mailing_country: 'Россия',
      description: 'Первая строка\nвторая продолжение', birth_date: '1980-05-21',
    });
    expect(b).toMatchObject({ last_name: '王', first_name: '伟', mobile: '13800000000' });
  });

  it('reads a quoted-printable soft-broken note across lines, and a hostile card in linear time, cut at 1 MB', () => {
    const soft = ['BEGIN:VCARD', 'VERSION:2.1', 'N:Ли;Мин', 'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=D0=9F=D1=80=D0=B8=', '=D0=B2=D0=B5=D1=82', 'END:VCARD'].join('\r\n');
    expect(parseVCards(soft)[0][VCARD_COLUMNS.indexOf('description')]).toBe('Привет');
    // Quadratic joining took minutes on 800 KB of soft breaks; a flood of parameters did as much. Both are linear now.
    const flood = ['BEGIN:VCARD', 'N:Флуд;Тест', 'NOTE;ENCODING=QUOTED-PRINTABLE:start=', ...Array(1_500_000).fill('x='), 'y',
      `TEL${';CELL'.repeat(200_000)}:+7 900 000-00-01`, 'END:VCARD'].join('\n');
    const [row] = parseVCards(flood);
    const card = Object.fromEntries(VCARD_COLUMNS.map((c, i) => [c, row[i]]));
    expect(card).toMatchObject({ last_name: 'Флуд', mobile: '+7 900 000-00-01' });
    expect(card.description.length).toBe((1 << 20) - 'NOTE;ENCODING=QUOTED-PRINTABLE:'.length);
    // A head of a megabyte before its ':', then soft breaks: its parameters are read once, not per line.
    const longHead = ['BEGIN:VCARD', 'N:Длинный;Заголовок', `NOTE;X-${'A'.repeat(1_000_000)}`, ...Array(200_000).fill(' x='), 'END:VCARD'].join('\n');
    expect(parseVCards(longHead)[0][VCARD_COLUMNS.indexOf('last_name')]).toBe('Длинный');
  });

  it('writes what it reads back (escapes, folding at 75 octets)', () => {
    const person = { first_name: 'Анна', last_name: 'Сидорова; мл.', account_id: 'ООО «Очень длинное название компании, которое не помещается в строку»', email: 'anna@example.ru', mobile: '+7 900 000-00-00', description: 'a\nb' };
    const card = formatVCard(person);
    expect(card.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const [row] = parseVCards(card);
    expect(Object.fromEntries(VCARD_COLUMNS.map((c, i) => [c, row[i]]))).toMatchObject(person);
  });

  it('keeps a value with CR line breaks inside its card (no card smuggled in, no note cut short)', () => {
    const sly = { last_name: 'A', description: 'one\r\ntwo\rEND:VCARD\rBEGIN:VCARD\rVERSION:4.0\rFN:Evil\rN:Evil;Mallory;;;\rEMAIL:evil@attacker.test' };
    const cards = parseVCards(formatVCard(sly));
    expect(cards).toHaveLength(1);
    expect(cards[0][VCARD_COLUMNS.indexOf('description')]).toBe('one\ntwo\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Evil\nN:Evil;Mallory;;;\nEMAIL:evil@attacker.test');
  });
});
