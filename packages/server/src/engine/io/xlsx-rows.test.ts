import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTable } from './read-table.js';
import { isDateFormat, serialToText, xlsxRows, XlsxTooLarge } from './xlsx-rows.js';

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
    const book = handMade({
      'xl/worksheets/sheet2.xml': `<x:worksheet ${NS.replace('xmlns=', 'xmlns:x=')}><x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Дата</x:t></x:is></x:c></x:row>
        <x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" t="b"><x:v>1</x:v></x:c><x:c r="C3" s="1"><x:v>0</x:v></x:c><x:c r="D3" t="e"><x:v>#N/A</x:v></x:c></x:row>
        <x:row><x:c t="str"><x:f>A3</x:f><x:v>line_x000D_
two</x:v></x:c><x:c s="2"><x:v>1234.5</x:v></x:c><x:c t="d"><x:v>2026-05-01T10:30:00Z</x:v></x:c></x:row>
      </x:sheetData></x:worksheet>`,
      'xl/worksheets/sheet1.xml': `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>the second tab</t></is></c></row></sheetData></worksheet>`,
      'xl/sharedStrings.xml': `<sst ${NS}><si><t>Имя</t></si><si><r><t>東京</t></r><r><t xml:space="preserve"> 支店</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>`,
      'xl/styles.xml': `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>`,
      'xl/workbook.xml': `<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="Первый" sheetId="2" r:id="rId7"/><sheet name="Второй" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
    });
    expect(await rowsOf(book)).toEqual([
      [1, ['Имя', null, 'Дата']],
      [3, ['東京 支店', true, '1904-01-01 00:00:00']], // the reading guide is not the text; an error cell (D3) is empty
      [4, ['line\r\ntwo', 1234.5, '2026-05-01 10:30:00']], // a style that is not a date keeps the number
    ]);
  });

  it('stops a workbook that unpacks past its bound, and refuses what is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    for (let i = 0; i < 20_000; i++) ws.addRow([`row ${i}`, 'x'.repeat(100)]);
    const big = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(rowsOf(big, 1)).rejects.toBeInstanceOf(XlsxTooLarge);
    expect(await rowsOf(big, 64)).toHaveLength(20_000);
    await expect(readTable(Buffer.from('PK\u0003\u0004 not really a zip'), 'x.xlsx', {}, () => {}, () => {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('tells date formats from number formats, and turns day numbers into wall times', () => {
    expect(isDateFormat('14', undefined)).toBe(true);
    expect(isDateFormat('4', undefined)).toBe(false);
    expect(isDateFormat('164', 'yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('165', '[Red]#,##0.00"д"')).toBe(false); // letters only inside quotes and brackets
    expect(isDateFormat('166', '[$-419]General')).toBe(false);
    expect(isDateFormat('167', '[h]:mm:ss')).toBe(true);
    expect(serialToText(46143.4375, false)).toBe('2026-05-01 10:30:00');
    expect(serialToText(46143.43749999, false)).toBe('2026-05-01 10:30:00'); // Excel's float noise rounds to the second
    expect(serialToText(0, true)).toBe('1904-01-01 00:00:00');
    expect(serialToText(-1, false)).toBeNull();
  });
});
