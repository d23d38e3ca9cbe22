import { describe, expect, it } from 'vitest';
import type { FieldDef } from './modules.js';
import { validateFieldValue } from './validation.js';

const tags: FieldDef = { name: 'tags', type: 'multipicklist', freeValues: true, label: { en: 'Tags', ru: 'Метки', uk: 'Мітки', zh: '标签' } } as FieldDef;

describe('tags', () => {
  it('keeps each word once, trimmed', () => {
    expect(validateFieldValue(tags, [' vip ', 'vip', 'опт'], 'en')).toEqual({ ok: true, value: ['vip', 'опт'] });
  });

  it('says what is wrong in the caller’s language: an empty tag, a tag over 50 characters, more than 30 tags', () => {
    for (const bad of [[''], ['x'.repeat(51)], Array.from({ length: 31 }, (_, i) => `t${i}`)]) {
      expect(validateFieldValue(tags, bad, 'ru')).toEqual({ ok: false, message: 'должно быть не больше 30 меток по 1–50 символов' });
      expect(validateFieldValue(tags, bad, 'zh')).toEqual({ ok: false, message: '最多 30 个标签，每个 1 到 50 个字符' });
    }
    expect(validateFieldValue(tags, 'vip', 'uk')).toEqual({ ok: false, message: 'містить неприпустиме значення' });
  });
});
