import { ActionIcon, Menu, ScrollArea, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { canDo, useModules } from '../../api/meta';
import { IconPlus } from '../icons';

/** "+" in the header: create a record of any module, like vTiger's quick create. */
export function QuickCreate() {
  const { t } = useTranslation();
  const meta = useModules();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t('actions.quick_create')}>
          <ActionIcon variant="subtle" size="lg" aria-label={t('actions.quick_create')}><IconPlus size={18} /></ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('actions.quick_create')}</Menu.Label>
        <ScrollArea.Autosize mah={360} type="auto">
          {(meta.data?.modules ?? []).filter((m) => canDo(m, 'create')).map((m) => (
            <Menu.Item key={m.name} onClick={() => navigate(`/${m.name}/new`)}>{m.label.one}</Menu.Item>
          ))}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}
