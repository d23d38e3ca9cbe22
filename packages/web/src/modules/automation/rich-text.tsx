import { Input, Select } from '@mantine/core';
import { Link as LinkExtension } from '@tiptap/extension-link';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { RichTextEditor } from '@mantine/tiptap';
import '@mantine/tiptap/styles.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleMeta } from '../../api/types';

/** Merge fields of a module a template can insert: its fields, the name of what they reference, the company and the sender. */
function mergeFields(m: ModuleMeta | undefined, t: (k: string) => string) {
  const own = (m?.fields ?? []).filter((f) => !f.hidden && f.type !== 'json').map((f) => ({ value: `{{${f.name}}}`, label: f.label }));
  const refs = (m?.fields ?? []).filter((f) => f.type === 'reference' || f.type === 'owner').map((f) => ({ value: `{{${f.name}.${f.type === 'owner' ? 'email' : 'name'}}}`, label: `${f.label} → ${f.type === 'owner' ? 'e-mail' : t('automation.name')}` }));
  return [
    { group: m?.label.one ?? '', items: [...own, ...refs] },
    { group: t('automation.company'), items: ['name', 'phone', 'email', 'website', 'inn', 'director'].map((k) => ({ value: `{{company.${k}}}`, label: `${t('automation.company')}: ${k}` })) },
    { group: t('automation.sender'), items: [{ value: '{{user.name}}', label: t('automation.sender') }, { value: '{{today}}', label: t('automation.today') }] },
  ];
}

/** A rich-text HTML editor with a merge-field picker; the HTML is what the template stores. */
export function RichTextInput({ label, value, onChange, module, error, required }: { label: string; value: string; onChange(html: string): void; module?: ModuleMeta; error?: string; required?: boolean }) {
  const { t } = useTranslation();
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: false }), LinkExtension.configure({ openOnClick: false })],
    content: value,
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
    immediatelyRender: false,
  });
  // A value set from outside (another language tab, a reset) replaces the content.
  useEffect(() => {
    if (editor && value !== editor.getHTML()) editor.commands.setContent(value || '', { emitUpdate: false });
  }, [editor, value]);
  return (
    <Input.Wrapper label={label} error={error} withAsterisk={required}>
      <RichTextEditor editor={editor} mt={4} aria-label={label}>
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold /><RichTextEditor.Italic /><RichTextEditor.Underline /><RichTextEditor.ClearFormatting />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H2 /><RichTextEditor.H3 /><RichTextEditor.BulletList /><RichTextEditor.OrderedList />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup><RichTextEditor.Link /><RichTextEditor.Unlink /></RichTextEditor.ControlsGroup>
          <Select size="xs" w={220} placeholder={t('automation.insert_field')} aria-label={t('automation.insert_field')} searchable value={null}
            data={mergeFields(module, t)} comboboxProps={{ withinPortal: true }} onChange={(v) => { if (v) editor?.chain().focus().insertContent(v).run(); }} />
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
