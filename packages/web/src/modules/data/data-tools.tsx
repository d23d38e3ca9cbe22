import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canDo } from '../../api/meta';
import type { ModuleMeta } from '../../api/types';

/** Beside a list's filters: Import (with the import right) and Find duplicates (with the rights a merge needs). */
export function DataTools({ module }: { module: ModuleMeta }) {
  const { t } = useTranslation();
  return (
    <>
      {canDo(module, 'import') && <Button component={Link} to={`/import/${module.name}`} variant="default" size="sm">{t('data.import')}</Button>}
      {canDo(module, 'edit') && canDo(module, 'delete') && (
        <Button component={Link} to={`/duplicates/${module.name}`} variant="default" size="sm">{t('data.find_duplicates')}</Button>
      )}
    </>
  );
}
