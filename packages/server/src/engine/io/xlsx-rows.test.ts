import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTable } from './read-table.js';
import { dateFormatKind, serialToText, xlsxRows, XlsxTooLarge } from './xlsx-rows.js';

const rowsOf = async (buffer: Buffer, maxMb?: number) => {
  const out: [number, unknown[]][] = [];
  for await (const r of xlsxRows(buffer, maxMb)) out.push([r.number, r.values]);
  return out;
};

/** A workbook written by hand, parts in the order given (a zip's order is the writer's choice). */
const handMade = (parts: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)]))));
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

describe('XLSX rows', () => {
  it('keeps every Cyrillic and Chinese letter, whatever chunk of the XML it falls on', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Контакты');
    ws.addRow(['Имя', 'Город']);
    const names = Array.from({ length: 4000 }, (_, i) => `Иванов Пётр ${i} 北京市朝阳区`);
    for (const [i, n] of names.entries()) ws.addRow([n, `Київ ${i}`]);
    const rows = await rowsOf(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows).toHaveLength(4001);
    const wrong = rows.slice(1).filter(([no, v]) => v[0] !== names[no - 2] || v[1] !== `Київ ${no - 2}`);
    expect(wrong).toEqual([]);
  });

  it('reads the first tab, whatever order the parts come in and however the elements are prefixed', async () => {
    const WS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
    const book = handMade({
      'xl/worksheets/sheet2.xml': `<x:worksheet ${NS.replace('xmlns=', 'xmlns:x=')}><x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Дата</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>Ещё</x:t></x:is></x:c></x:row>
        <x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" t="b"><x:v> 1 </x:v></x:c><x:c r="C3" s="1"><x:v>0</x:v></x:c><x:c r="D3" t="e"><x:v>#N/A</x:v></x:c></x:row>
        <x:row><x:c t="str"><x:f>A3</x:f><x:v>line_x000D_
two</x:v></x:c><x:c s="2"><x:v>1234.5</x:v></x:c><x:c t="d"><x:v>2026-05-01T10:30:00Z</x:v></x:c><x:c t="s"/><x:c r="F4" t="inlineStr"><x:is><x:t>past the header</x:t></x:is></x:c></x:row>
      </x:sheetData></x:worksheet>`,
      'xl/worksheets/sheet1.xml': `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a later tab</t></is></c></row></sheetData></worksheet>`,
      'xl/worksheets/sheet3.xml': `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a hidden service tab</t></is></c></row></sheetData></worksheet>`,
      'xl/chartsheets/sheet1.xml': `<chartsheet ${NS}/>`,
      'xl/sharedStrings.xml': `<sst ${NS}><si><t>Имя</t></si><si><r><t>東京</t></r><r><t xml:space="preserve"> 支店</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>`,
      // A conditional format's own number format 164 is no cell's: the cell's 164 stays a date.
      'xl/styles.xml': `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs>
        <dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs></styleSheet>`,
      'xl/workbook.xml': `<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="Диаграмма" sheetId="4" r:id="rId4"/><sheet name="Служебный" sheetId="3" state="veryHidden" r:id="rId3"/>
        <sheet name="Первый" sheetId="2" r:id="rId7"/><sheet name="Второй" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${WS}" Target="worksheets/sheet1.xml"/>
        <Relationship Id="rId7" Type="${WS}" Target="./worksheets/../worksheets/sheet%32.xml"/><Relationship Id="rId3" Type="${WS}" Target="/xl/worksheets/sheet3.xml"/>
        <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
    });
    expect(await rowsOf(book)).toEqual([
      [1, ['Имя', null, 'Дата', 'Ещё']],
      [3, ['東京 支店', true, '1904-01-01 00:00:00']], // the reading guide is not the text; an error cell (D3) is empty
      [4, ['line\r\ntwo', 1234.5, '2026-05-01 10:30:00', null, null, 'past the header']], // a style that is not a date keeps the number; a shared string without a value is empty
    ]);
    // What an import takes: nothing past the header's last column.
    const taken: unknown[][] = [];
    await readTable(book, 'b.xlsx', {}, () => undefined, (b) => { taken.push(...b.map(([, v]) => v)); });
    expect(taken[1]).toEqual(['line\r\ntwo', 1234.5, '2026-05-01 10:30:00', null]);
  });

  it('stops a workbook that unpacks past its bound, and refuses what is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    for (let i = 0; i < 20_000; i++) ws.addRow([`row ${i}`, 'x'.repeat(100)]);
    const big = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(rowsOf(big, 1)).rejects.toBeInstanceOf(XlsxTooLarge);
    await expect(rowsOf(big, 1)).rejects.toMatchObject({ mb: 1 });
    expect(await rowsOf(big, 64)).toHaveLength(20_000);
    await expect(readTable(Buffer.from('PK\u0003\u0004 not really a zip'), 'x.xlsx', {}, () => {}, () => {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // One text longer than any cell, packed small; a value far to the right (each row would widen to it).
    const sheet = (data: string) => handMade({ 'xl/worksheets/sheet1.xml': `<worksheet ${NS}><sheetData>${data}</sheetData></worksheet>` });
    await expect(rowsOf(sheet(`<row><c t="inlineStr"><is><t>${'я'.repeat(600_000)}</t></is></c></row>`))).rejects.toBeInstanceOf(XlsxTooLarge);
    // Said as what it is: a text too long, not a workbook too large.
    await expect(readTable(sheet(`<row><c t="inlineStr"><is><t>${'я'.repeat(600_000)}</t></is></c></row>`), 't.xlsx', {}, () => {}, () => {}))
      .rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The workbook holds a text longer than any cell' });
    await expect(readTable(sheet('<row><c r="A1"><v>1</v></c><c r="ZZ1"><v>2</v></c></row><row><c r="XFD2"><v>1</v></c></row>'), 'w.xlsx', {}, () => {}, () => {}))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: { file: { params: { n: 1024 } } } });
    // A database error while rows are taken is that error, not "unreadable".
    await expect(readTable(sheet('<row><c><v>1</v></c></row><row><c><v>2</v></c></row>'), 'd.xlsx', {}, () => {}, () => { throw new Error('db down'); })).rejects.toThrow('db down');
  });

  it('tells date formats from number formats, and turns day numbers into wall times', () => {
    expect(dateFormatKind('14', undefined)).toBe('date');
    expect(dateFormatKind('4', undefined)).toBeNull();
    expect(dateFormatKind('164', 'yyyy"年"m"月"d"日"')).toBe('date');
    expect(dateFormatKind('165', '[Red]#,##0.00"д"')).toBeNull(); // letters only inside quotes and brackets
    expect(dateFormatKind('166', '[$-419]General')).toBeNull();
    expect(dateFormatKind('167', '[h]:mm:ss')).toBe('time');
    expect(serialToText(46143.4375, false)).toBe('2026-05-01 10:30:00');
    expect(serialToText(46143.43749999, false)).toBe('2026-05-01 10:30:00'); // Excel's float noise rounds to the second
    expect(serialToText(0, true)).toBe('1904-01-01 00:00:00');
    expect(serialToText(-1, false)).toBeNull();
    // The 1900 system's phantom 29 February: days 1–59 are January and February 1900 as Excel shows them.
    expect(serialToText(1, false)).toBe('1900-01-01 00:00:00');
    expect(serialToText(59, false)).toBe('1900-02-28 00:00:00');
    expect(serialToText(61, false)).toBe('1900-03-01 00:00:00');
    expect(serialToText(0.4375, false, true)).toBe('10:30:00'); // a time-only cell is a time, not 30 December 1899
    expect(serialToText(0.5, true, true)).toBe('12:00:00');
    expect(serialToText(0.5, true)).toBe('1904-01-01 12:00:00');
    expect([dateFormatKind('20', undefined), dateFormatKind('34', undefined), dateFormatKind('14', undefined)]).toEqual(['time', 'time', 'date']);
    expect([dateFormatKind('164', 'h:mm'), dateFormatKind('165', '[h]:mm:ss'), dateFormatKind('166', 'mm:ss'), dateFormatKind('167', 'dd.mm.yyyy h:mm'), dateFormatKind('168', 'mmm'), dateFormatKind('169', '[h]:mm')])
      .toEqual(['time', 'time', 'time', 'date', 'date', 'time']);
    expect(serialToText(1.5, true)).toBe('1904-01-02 12:00:00');
    expect(serialToText(2_957_003, true)).toBe('9999-12-31 00:00:00');
    expect(serialToText(2_957_004, true)).toBeNull();
  });
});
