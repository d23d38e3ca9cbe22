import { describe, expect, it } from 'vitest';
import { amountInWords, numberInWords, pluralIndex } from './amount-words.js';

describe('amount in words', () => {
  it('Russian: 1, 2, 5, 11, 21 forms of the rouble and the kopeck', () => {
    expect(amountInWords('1', 'RUB', 'ru')).toBe('Один рубль 00 копеек');
    expect(amountInWords('2.01', 'RUB', 'ru')).toBe('Два рубля 01 копейка');
    expect(amountInWords('5.02', 'RUB', 'ru')).toBe('Пять рублей 02 копейки');
    expect(amountInWords('11.11', 'RUB', 'ru')).toBe('Одиннадцать рублей 11 копеек');
    expect(amountInWords('21.21', 'RUB', 'ru')).toBe('Двадцать один рубль 21 копейка');
    expect(amountInWords('112', 'RUB', 'ru')).toBe('Сто двенадцать рублей 00 копеек');
  });

  it('Russian: thousands are feminine, millions masculine; zero; a whole invoice', () => {
    expect(amountInWords('2000', 'RUB', 'ru')).toBe('Две тысячи рублей 00 копеек');
    expect(amountInWords('21000', 'RUB', 'ru')).toBe('Двадцать одна тысяча рублей 00 копеек');
    expect(amountInWords('2000000', 'RUB', 'ru')).toBe('Два миллиона рублей 00 копеек');
    expect(amountInWords('0', 'RUB', 'ru')).toBe('Ноль рублей 00 копеек');
    expect(amountInWords('564396.24', 'RUB', 'ru')).toBe('Пятьсот шестьдесят четыре тысячи триста девяносто шесть рублей 24 копейки');
    expect(amountInWords('1001001001.10', 'RUB', 'ru')).toBe('Один миллиард один миллион одна тысяча один рубль 10 копеек');
  });

  it('rounds half-up to the minor unit before writing', () => {
    expect(amountInWords('9.995', 'RUB', 'ru')).toBe('Десять рублей 00 копеек');
    expect(amountInWords('0.004', 'USD', 'en')).toBe('Zero US dollars and 00 cents');
    expect(amountInWords('-3.5', 'RUB', 'ru')).toBe('Минус три рубля 50 копеек');
  });

  it('Ukrainian: the hryvnia is feminine (одна, дві гривні), копійки', () => {
    expect(amountInWords('1.01', 'UAH', 'uk')).toBe('Одна гривня 01 копійка');
    expect(amountInWords('2.02', 'UAH', 'uk')).toBe('Дві гривні 02 копійки');
    expect(amountInWords('5.05', 'UAH', 'uk')).toBe("П'ять гривень 05 копійок");
    expect(amountInWords('11', 'UAH', 'uk')).toBe('Одинадцять гривень 00 копійок');
    expect(amountInWords('21.21', 'UAH', 'uk')).toBe('Двадцять одна гривня 21 копійка');
    expect(amountInWords('1242000', 'UAH', 'uk')).toBe('Один мільйон двісті сорок дві тисячі гривень 00 копійок');
  });

  it('English: hyphenated tens, singular and plural currency, cents', () => {
    expect(amountInWords('12345.67', 'USD', 'en')).toBe('Twelve thousand three hundred forty-five US dollars and 67 cents');
    expect(amountInWords('1', 'USD', 'en')).toBe('One US dollar and 00 cents');
    expect(amountInWords('1000000.01', 'EUR', 'en')).toBe('One million euros and 01 cent');
    expect(amountInWords('21', 'XYZ', 'en')).toBe('Twenty-one XYZ and 00/100');
  });

  it('Chinese financial capitals (大写金额), with 零 and 整', () => {
    expect(amountInWords('12345.67', 'CNY', 'zh')).toBe('人民币壹万贰仟叁佰肆拾伍元陆角柒分');
    expect(amountInWords('100005', 'CNY', 'zh')).toBe('人民币壹拾万零伍元整');
    expect(amountInWords('1.05', 'CNY', 'zh')).toBe('人民币壹元零伍分');
    expect(amountInWords('1.5', 'CNY', 'zh')).toBe('人民币壹元伍角整');
    expect(amountInWords('0', 'CNY', 'zh')).toBe('人民币零元整');
    expect(amountInWords('1005', 'CNY', 'zh')).toBe('人民币壹仟零伍元整');
    expect(amountInWords('100000001', 'CNY', 'zh')).toBe('人民币壹亿零壹元整');
    expect(amountInWords('101000000', 'CNY', 'zh')).toBe('人民币壹亿零壹佰万元整');
    expect(amountInWords('20000000', 'USD', 'zh')).toBe('美元贰仟万元整');
  });

  it('what is not a number, or too large, prints nothing', () => {
    expect(amountInWords('abc', 'RUB', 'ru')).toBe('');
    expect(amountInWords('1e20', 'RUB', 'ru')).toBe('');
  });

  it('plural forms and counts', () => {
    expect([1n, 2n, 4n, 5n, 11n, 12n, 14n, 21n, 22n, 25n, 111n].map(pluralIndex)).toEqual([0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 2]);
    expect(numberInWords(3, 'ru')).toBe('три');
    expect(numberInWords(12, 'zh')).toBe('壹拾贰');
    expect(numberInWords(42, 'en')).toBe('forty-two');
  });
});
