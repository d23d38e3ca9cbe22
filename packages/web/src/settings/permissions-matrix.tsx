import { Checkbox, Table } from '@mantine/core';
import { MODULE_ACTIONS } from '@karta/shared';
import { useTranslation } from 'react-i18next';
import { useModules } from '../api/meta';

/** Modules × actions (view, create, edit, delete, export, import); a module without "view" is not accessible. */
export function PermissionsMatrix({ value, onChange }: { value: Record<string, string[]>; onChange(v: Record<string, string[]>): void }) {
  const { t } = useTranslation();
  const meta = useModules();
  function toggle(module: string, action: string) {
    const cur = new Set(value[module] ?? []);
    if (cur.has(action)) {
      cur.delete(action);
      if (action === 'view') cur.clear();
    } else {
      cur.add(action);
      cur.add('view');
    }
    const next = { ...value };
    if (cur.size) next[module] = MODULE_ACTIONS.filter((a) => cur.has(a));
    else delete next[module];
    onChange(next);
  }
  return (
    <div className="karta-table-wrap">
      <Table striped withTableBorder fz="sm" aria-label={t('settings.permissions')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.module')}</Table.Th>
            {MODULE_ACTIONS.map((a) => <Table.Th key={a}>{t(`permissions.${a}`)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(meta.data?.modules ?? []).map((m) => (
            <Table.Tr key={m.name}>
              <Table.Td>{m.label.many}</Table.Td>
              {MODULE_ACTIONS.map((a) => (
                <Table.Td key={a}>
                  <Checkbox aria-label={`${m.label.many}: ${t(`permissions.${a}`)}`} checked={(value[m.name] ?? []).includes(a)} onChange={() => toggle(m.name, a)} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
