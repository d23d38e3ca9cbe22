/** Russian and Ukrainian Cyrillic → Latin, for the e-mail addresses and web sites of generated records. */
const MAP: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i',
  ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', "'": '', '’': '',
};

/** Lower-case Latin letters and digits only (other characters are dropped). */
export function translit(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) {
    if (ch in MAP) out += MAP[ch];
    else if (/[a-z0-9]/.test(ch)) out += ch;
  }
  return out;
}
