import { en } from './en.js';
import { ru } from './ru.js';
import type { DemoLang, LangPack } from './types.js';
import { uk } from './uk.js';
import { zh } from './zh.js';

export type { DemoCity, DemoLang, LangPack, TicketText } from './types.js';

export const PACKS: Record<DemoLang, LangPack> = { ru, uk, zh, en };

/** The language of the i-th generated record: 40 % Russian, 20 % each Ukrainian, Chinese, English. */
const CYCLE: DemoLang[] = ['ru', 'uk', 'zh', 'en', 'ru', 'ru', 'uk', 'zh', 'en', 'ru'];

export function langAt(i: number): LangPack {
  return PACKS[CYCLE[i % CYCLE.length]];
}
