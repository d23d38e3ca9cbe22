/**
 * An amount of money in words, as printed on invoices: Russian and Ukrainian («Сто двадцать три рубля 45 копеек»,
 * grammatical gender and the 1/2–4/5+ plural forms), English ("One hundred twenty-three US dollars and 45 cents")
 * and Chinese financial capitals (大写金额: 人民币壹佰贰拾叁元肆角伍分). The amount is rounded half-up to
 * the minor unit first; integers up to 999 999 999 999 999 are spelled out.
 */
import Decimal from 'decimal.js';
import type { Lang } from './i18n.js';

type Forms = [string, string, string];
interface Unit { forms: Forms; feminine: boolean }
interface CurrencyWords { major: Unit; minor: Unit }

/** The plural form index for ru/uk: 1 рубль, 2 рубля, 5 рублей (11–14 take the last). */
export function pluralIndex(n: bigint): 0 | 1 | 2 {
  const d = Number(n % 10n);
  const dd = Number(n % 100n);
  if (dd >= 11 && dd <= 14) return 2;
  if (d === 1) return 0;
  if (d >= 2 && d <= 4) return 1;
  return 2;
}

const u = (forms: Forms, feminine = false): Unit => ({ forms, feminine });

const SLAVIC = {
  ru: {
    ones: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
    onesF: ['', 'одна', 'две'],
    teens: ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'],
    tens: ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'],
    hundreds: ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'],
    zero: 'ноль', minus: 'минус',
    scales: [u(['тысяча', 'тысячи', 'тысяч'], true), u(['миллион', 'миллиона', 'миллионов']), u(['миллиард', 'миллиарда', 'миллиардов']), u(['триллион', 'триллиона', 'триллионов'])],
    currencies: {
      RUB: { major: u(['рубль', 'рубля', 'рублей']), minor: u(['копейка', 'копейки', 'копеек'], true) },
      UAH: { major: u(['гривна', 'гривны', 'гривен'], true), minor: u(['копейка', 'копейки', 'копеек'], true) },
      USD: { major: u(['доллар США', 'доллара США', 'долларов США']), minor: u(['цент', 'цента', 'центов']) },
      EUR: { major: u(['евро', 'евро', 'евро']), minor: u(['цент', 'цента', 'центов']) },
      CNY: { major: u(['юань', 'юаня', 'юаней']), minor: u(['фэнь', 'фэня', 'фэней']) },
      KZT: { major: u(['тенге', 'тенге', 'тенге']), minor: u(['тиын', 'тиына', 'тиынов']) },
      BYN: { major: u(['белорусский рубль', 'белорусских рубля', 'белорусских рублей']), minor: u(['копейка', 'копейки', 'копеек'], true) },
      GBP: { major: u(['фунт стерлингов', 'фунта стерлингов', 'фунтов стерлингов']), minor: u(['пенни', 'пенни', 'пенни']) },
    } as Record<string, CurrencyWords>,
  },
  uk: {
    ones: ['', 'один', 'два', 'три', 'чотири', "п'ять", 'шість', 'сім', 'вісім', "дев'ять"],
    onesF: ['', 'одна', 'дві'],
    teens: ['десять', 'одинадцять', 'дванадцять', 'тринадцять', 'чотирнадцять', "п'ятнадцять", 'шістнадцять', 'сімнадцять', 'вісімнадцять', "дев'ятнадцять"],
    tens: ['', '', 'двадцять', 'тридцять', 'сорок', "п'ятдесят", 'шістдесят', 'сімдесят', 'вісімдесят', "дев'яносто"],
    hundreds: ['', 'сто', 'двісті', 'триста', 'чотириста', "п'ятсот", 'шістсот', 'сімсот', 'вісімсот', "дев'ятсот"],
    zero: 'нуль', minus: 'мінус',
    scales: [u(['тисяча', 'тисячі', 'тисяч'], true), u(['мільйон', 'мільйони', 'мільйонів']), u(['мільярд', 'мільярди', 'мільярдів']), u(['трильйон', 'трильйони', 'трильйонів'])],
    currencies: {
      UAH: { major: u(['гривня', 'гривні', 'гривень'], true), minor: u(['копійка', 'копійки', 'копійок'], true) },
      RUB: { major: u(['рубль', 'рублі', 'рублів']), minor: u(['копійка', 'копійки', 'копійок'], true) },
      USD: { major: u(['долар США', 'долари США', 'доларів США']), minor: u(['цент', 'центи', 'центів']) },
      EUR: { major: u(['євро', 'євро', 'євро']), minor: u(['цент', 'центи', 'центів']) },
      CNY: { major: u(['юань', 'юані', 'юанів']), minor: u(['финь', 'фині', 'финів']) },
      PLN: { major: u(['злотий', 'злоті', 'злотих']), minor: u(['грош', 'гроші', 'грошів']) },
      GBP: { major: u(['фунт стерлінгів', 'фунти стерлінгів', 'фунтів стерлінгів']), minor: u(['пенні', 'пенні', 'пенні']) },
    } as Record<string, CurrencyWords>,
  },
};

/** Words of 1–999 in Russian or Ukrainian, feminine where the counted unit is. */
function slavicTriad(lang: 'ru' | 'uk', n: number, feminine: boolean): string[] {
  const w = SLAVIC[lang];
  const out: string[] = [];
  if (n >= 100) out.push(w.hundreds[Math.floor(n / 100)]);
  const rest = n % 100;
  if (rest >= 10 && rest < 20) out.push(w.teens[rest - 10]);
  else {
    if (rest >= 20) out.push(w.tens[Math.floor(rest / 10)]);
    const one = rest % 10;
    if (one) out.push(feminine && one <= 2 ? w.onesF[one] : w.ones[one]);
  }
  return out;
}

function slavicNumber(lang: 'ru' | 'uk', n: bigint, feminine: boolean): string {
  if (n === 0n) return SLAVIC[lang].zero;
  const words: string[] = [];
  const triads: number[] = [];
  for (let x = n; x > 0n; x /= 1000n) triads.push(Number(x % 1000n));
  for (let i = triads.length - 1; i >= 0; i--) {
    const t = triads[i];
    if (!t) continue;
    if (i === 0) words.push(...slavicTriad(lang, t, feminine));
    else {
      const scale = SLAVIC[lang].scales[i - 1];
      words.push(...slavicTriad(lang, t, scale.feminine), scale.forms[pluralIndex(BigInt(t))]);
    }
  }
  return words.join(' ');
}

const EN_ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['thousand', 'million', 'billion', 'trillion'];
const EN_CURRENCIES: Record<string, [string, string, string, string]> = {
  USD: ['US dollar', 'US dollars', 'cent', 'cents'], EUR: ['euro', 'euros', 'cent', 'cents'], GBP: ['pound sterling', 'pounds sterling', 'penny', 'pence'],
  RUB: ['Russian rouble', 'Russian roubles', 'kopeck', 'kopecks'], UAH: ['hryvnia', 'hryvnias', 'kopiyka', 'kopiykas'], CNY: ['yuan', 'yuan', 'fen', 'fen'],
};

function enTriad(n: number): string {
  const parts: string[] = [];
  if (n >= 100) parts.push(`${EN_ONES[Math.floor(n / 100)]} hundred`);
  const rest = n % 100;
  if (rest >= 20) parts.push(EN_TENS[Math.floor(rest / 10)] + (rest % 10 ? `-${EN_ONES[rest % 10]}` : ''));
  else if (rest) parts.push(EN_ONES[rest]);
  return parts.join(' ');
}

function enNumber(n: bigint): string {
  if (n === 0n) return 'zero';
  const triads: number[] = [];
  for (let x = n; x > 0n; x /= 1000n) triads.push(Number(x % 1000n));
  const words: string[] = [];
  for (let i = triads.length - 1; i >= 0; i--) if (triads[i]) words.push(enTriad(triads[i]) + (i ? ` ${EN_SCALES[i - 1]}` : ''));
  return words.join(' ');
}

const ZH_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const ZH_SMALL = ['', '拾', '佰', '仟'];
const ZH_BIG = ['', '万', '亿', '万亿'];
const ZH_CURRENCIES: Record<string, string> = { CNY: '人民币', USD: '美元', EUR: '欧元', GBP: '英镑', RUB: '卢布', UAH: '格里夫纳', HKD: '港币', JPY: '日元' };

/** A four-digit group in financial capitals, with 零 for inner zeros (1005 → 壹仟零伍). */
function zhGroup(n: number): string {
  let out = '';
  let zero = false;
  for (let p = 3; p >= 0; p--) {
    const d = Math.floor(n / 10 ** p) % 10;
    if (d === 0) { if (out) zero = true; continue; }
    if (zero) { out += '零'; zero = false; }
    out += ZH_DIGITS[d] + ZH_SMALL[p];
  }
  return out;
}

/** An integer in financial capitals: 100005 → 壹拾万零伍; a group below 1000 after a higher one is preceded by 零. */
function zhNumber(n: bigint): string {
  if (n === 0n) return '零';
  const groups: number[] = [];
  for (let x = n; x > 0n; x /= 10000n) groups.push(Number(x % 10000n));
  let out = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) { if (out) pendingZero = true; continue; }
    if (out && (pendingZero || g < 1000)) out += '零';
    pendingZero = false;
    out += zhGroup(g) + ZH_BIG[i];
  }
  return out;
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
const MAX = new Decimal('999999999999999.99');

/** The integer and minor parts of an amount rounded half-up to cents; null when it is not a number or too large. */
function split(amount: string | number): { negative: boolean; major: bigint; minor: number } | null {
  let d: Decimal;
  try { d = new Decimal(typeof amount === 'string' ? amount.trim().replace(/\s/g, '').replace(',', '.') : amount); } catch { return null; }
  if (!d.isFinite() || d.abs().greaterThan(MAX)) return null;
  const cents = d.abs().times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return { negative: d.isNegative() && !cents.isZero(), major: BigInt(cents.divToInt(100).toFixed(0)), minor: cents.mod(100).toNumber() };
}

/**
 * The amount in words in `lang` and `currency` (ISO 4217; an unknown one is named by its code). Minor units are
 * written as digits the way accountants write them («45 копеек», "and 45 cents"), except in Chinese, where
 * 角 and 分 are spelled and a whole amount ends in 整. Returns '' for what is not a number.
 */
export function amountInWords(amount: string | number, currency: string, lang: Lang): string {
  const parts = split(amount);
  if (!parts) return '';
  const { negative, major, minor } = parts;
  const cur = (currency || '').toUpperCase();
  const cents = String(minor).padStart(2, '0');
  if (lang === 'ru' || lang === 'uk') {
    const w = SLAVIC[lang];
    const c = w.currencies[cur];
    const words = slavicNumber(lang, major, c?.major.feminine ?? false);
    const text = c
      ? `${words} ${c.major.forms[pluralIndex(major)]} ${cents} ${c.minor.forms[pluralIndex(BigInt(minor))]}`
      : `${words} ${cur} ${cents}`;
    return capitalise((negative ? `${w.minus} ` : '') + text);
  }
  if (lang === 'zh') {
    const prefix = ZH_CURRENCIES[cur] ?? cur;
    const jiao = Math.floor(minor / 10);
    const fen = minor % 10;
    let body = major > 0n ? `${zhNumber(major)}元` : '';
    if (!jiao && !fen) body = `${body || '零元'}整`;
    else {
      if (jiao) body += `${ZH_DIGITS[jiao]}角`;
      else if (major > 0n) body += '零';
      if (fen) body += `${ZH_DIGITS[fen]}分`;
      else body += '整';
    }
    return `${prefix}${negative ? '负' : ''}${body}`;
  }
  const c = EN_CURRENCIES[cur];
  const name = c ? c[major === 1n ? 0 : 1] : cur;
  const minorName = c ? c[minor === 1 ? 2 : 3] : '';
  return capitalise(`${negative ? 'minus ' : ''}${enNumber(major)} ${name} and ${cents}${minorName ? ` ${minorName}` : '/100'}`);
}

/** An integer count in words (the «Всего наименований три» of a Russian invoice), masculine. */
export function numberInWords(n: number, lang: Lang): string {
  const v = BigInt(Math.max(0, Math.trunc(n)));
  if (lang === 'ru' || lang === 'uk') return slavicNumber(lang, v, false);
  if (lang === 'zh') return zhNumber(v);
  return enNumber(v);
}
