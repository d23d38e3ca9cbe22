import { Button, Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
// Russian and Ukrainian initials (Ґ Є І Ї are Ukrainian; Ъ Ы Ь never start a name).
const CYRILLIC = 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЭЮЯ'.split('');

/** vTiger's alphabet bar over the title field (`starts_with`), Cyrillic first for Cyrillic UIs. */
export function AlphabetBar({ value, onChange, fieldLabel, collapsed }: { value: string | null; onChange(letter: string | null): void; fieldLabel: string; collapsed?: boolean }) {
  const { t, i18n } = useTranslation();
  // Chinese names have no alphabet to page by (initials would need pinyin the list cannot sort by): no bar.
  if (i18n.language === 'zh' && !value) return null;
  const rows = i18n.language === 'ru' || i18n.language === 'uk' ? [CYRILLIC, LATIN] : [LATIN, CYRILLIC];
  if (collapsed || i18n.language === 'zh') {
    // On a phone: one picker instead of two rows of buttons, so the first records are above the fold.
    return (
      <Select size="xs" w={160} aria-label={t('list.alphabet')} placeholder={t('list.alphabet')} clearable value={value} comboboxProps={{ withinPortal: true }}
        data={[...rows[0], ...rows[1]].map((l) => ({ value: l, label: t('list.starts_with_letter', { field: fieldLabel, letter: l }) }))}
        onChange={(v) => onChange(v)} />
    );
  }
  const letterButton = (l: string) => (
    <Button key={l} size="compact-xs" variant={value === l ? 'filled' : 'subtle'} onClick={() => onChange(value === l ? null : l)}
      aria-pressed={value === l} aria-label={t('list.starts_with_letter', { field: fieldLabel, letter: l })}>{l}</Button>
  );
  return (
    <nav aria-label={t('list.alphabet')} className="karta-alphabet">
      <Group gap={2}>
        <Button size="compact-xs" variant={value ? 'subtle' : 'filled'} onClick={() => onChange(null)} aria-pressed={!value}>{t('list.all_letters')}</Button>
        {rows[0].map(letterButton)}
      </Group>
      <Group gap={2} mt={2}>{rows[1].map(letterButton)}</Group>
    </nav>
  );
}
