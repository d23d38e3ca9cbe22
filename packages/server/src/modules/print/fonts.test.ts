import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fontRuns } from '../../platform/pdf-fonts.js';
import { htmlToDocument } from './html-pdf.js';
import { writePdf } from './pdf-writer.js';

const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;
const here = path.dirname(fileURLToPath(import.meta.url));

const SAMPLE = {
  en: 'Invoice total: twelve thousand dollars',
  ru: 'Счёт на оплату: Съешь же ещё этих мягких французских булок',
  uk: 'Рахунок: Їжак ґедзь єнот іній — ПДВ ₴',
  zh: '人民币壹万贰仟叁佰肆拾伍元陆角柒分 臺灣繁體 统一社会信用代码',
};

describe('fonts that travel with the app', () => {
  it('cuts text into runs by script: Chinese in the CJK face, the rest in Noto Sans', () => {
    expect(fontRuns('Счёт 人民币 №1')).toEqual([{ text: 'Счёт ', family: 'Sans' }, { text: '人民币', family: 'CJK' }, { text: ' №1', family: 'Sans' }]);
    expect(fontRuns('（大写）')).toEqual([{ text: '（大写）', family: 'CJK' }]);
  });

  it('documents share parsed fonts without losing letters: a letter first met inside a composite glyph still extracts later', async () => {
    const page = { paper: 'A4', orientation: 'portrait', title: 't' } as const;
    await writePdf(htmlToDocument(['<p>Ä Á Ö Ü Ё Й ї Ç Å</p><p><b>Ä Á Ё</b></p>'], page));
    const second = await writePdf(htmlToDocument(['<p>IBAN UA21 ABC AOUE</p><p><b>BANK A</b></p>'], page));
    if (!hasPoppler) return;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'karta-fonts-')), 'second.pdf');
    fs.writeFileSync(file, second);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('IBAN UA21 ABC AOUE');
    expect(text).toContain('BANK A');
  });

  it('renders all four languages on a machine without system fonts, every character extractable, fonts embedded as subsets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karta-fonts-'));
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'fonts.conf'), '<?xml version="1.0"?><fontconfig></fontconfig>');
    // The child process may not open anything in the system font directories: any attempt fails the render.
    const guard = path.join(dir, 'no-system-fonts.cjs');
    fs.writeFileSync(guard, `const fs = require('fs');
const banned = (p) => /^(\\/usr\\/share\\/fonts|\\/usr\\/local\\/share\\/fonts|\\/etc\\/fonts)/.test(String(p)) || /\\.fonts\\//.test(String(p));
for (const name of ['readFileSync', 'openSync', 'existsSync', 'readFile', 'open', 'statSync']) {
  const original = fs[name];
  fs[name] = function (p, ...rest) { if (banned(p)) throw new Error('system font read: ' + p); return original.call(this, p, ...rest); };
}`);
    const out = path.join(dir, 'all.pdf');
    const script = path.join(dir, 'render.mts');
    fs.writeFileSync(script, `import { htmlToDocument } from ${JSON.stringify(path.join(here, 'html-pdf.ts'))};
import { writePdf } from ${JSON.stringify(path.join(here, 'pdf-writer.ts'))};
import { writeFileSync } from 'node:fs';
const sample = ${JSON.stringify(SAMPLE)};
const html = Object.values(sample).map((s) => '<p>' + s + '</p><p><b>' + s + '</b></p>').join('');
writeFileSync(${JSON.stringify(out)}, await writePdf(htmlToDocument([html], { paper: 'A4', orientation: 'portrait', title: 'fonts' })));`);
    const r = spawnSync(process.execPath, ['--require', guard, '--import', 'tsx', script], {
      cwd: path.join(here, '../../..'), encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, FONTCONFIG_PATH: empty, FONTCONFIG_FILE: path.join(empty, 'fonts.conf'), XDG_DATA_DIRS: empty, XDG_DATA_HOME: empty, HOME: empty },
    });
    expect(r.status, r.stderr).toBe(0);
    const pdf = fs.readFileSync(out);
    expect(pdf.length).toBeLessThan(200_000); // subsets, not 10 MB of CJK font
    if (!hasPoppler) return console.warn('pdftotext is missing (Debian poppler-utils): the PDF text was not checked');
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const [lang, s] of Object.entries(SAMPLE)) expect(text, lang).toContain(s.replace(/\s+/g, ''));
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSans-Regular/);
    expect(fonts).toMatch(/\+NotoSans-Bold/);
    expect(fonts).toMatch(/\+NotoSansSC-Regular/);
    expect(fonts).toMatch(/\+NotoSansSC-Bold/);
    expect(fonts).not.toMatch(/DejaVu|NotoSansCJK/);
  });
});
