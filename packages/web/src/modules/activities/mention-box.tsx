import { Combobox, Textarea, useCombobox } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { userLabel, useUsers } from '../../api/directory';
import { matchUsers, mentionQuery } from './mention-match';

export interface Mention { id: string; label: string }

/**
 * A comment box where "@Ива" offers colleagues by name: picking one writes "@Иван Петров" and remembers the person by
 * id, so the mention reaches them whatever their login name. `mentions` are those still present in the text.
 */
export function MentionBox({ label, placeholder, value, onChange }: {
  label: string; placeholder: string; value: { text: string; mentions: Mention[] }; onChange(v: { text: string; mentions: Mention[] }): void;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const options = query ? matchUsers((users.data ?? []).filter((u) => u.active), query.query) : [];

  const update = (text: string, caret: number) => {
    const q = mentionQuery(text, caret);
    setQuery(q);
    if (q && matchUsers((users.data ?? []).filter((u) => u.active), q.query).length) {
      combobox.openDropdown();
      requestAnimationFrame(() => combobox.selectFirstOption());
    } else combobox.closeDropdown();
    onChange({ text, mentions: value.mentions.filter((m) => text.includes(`@${m.label}`)) });
  };
  const pick = (id: string) => {
    const u = users.data?.find((x) => x.id === id);
    if (!u || !query) return;
    const label = userLabel(u);
    const caret = ref.current?.selectionStart ?? value.text.length;
    const text = `${value.text.slice(0, query.start)}@${label} ${value.text.slice(caret)}`;
    onChange({ text, mentions: [...value.mentions.filter((m) => m.id !== id), { id, label }] });
    setQuery(null);
    combobox.closeDropdown();
    requestAnimationFrame(() => { const at = query.start + label.length + 2; ref.current?.focus(); ref.current?.setSelectionRange(at, at); });
  };

  return (
    <Combobox store={combobox} onOptionSubmit={pick} withinPortal>
      <Combobox.Target>
        <Textarea ref={ref} label={label} placeholder={placeholder} autosize minRows={2} value={value.text}
          onChange={(e) => update(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
          onKeyDown={(e) => { if (combobox.dropdownOpened && (e.key === 'Enter' || e.key === 'Tab') && options.length) { e.preventDefault(); combobox.clickSelectedOption(); } }}
          onBlur={() => combobox.closeDropdown()} />
      </Combobox.Target>
      <Combobox.Dropdown aria-label={t('activities.mention_people')}>
        <Combobox.Options>
          {options.map((u) => <Combobox.Option key={u.id} value={u.id}>{userLabel(u)} <span style={{ opacity: 0.6 }}>@{u.username}</span></Combobox.Option>)}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
