import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';

interface Props {
  page: number;
  pageSize: number;
  shown: number;
  total?: number;
  hasNext: boolean;
  onPrev(): void;
  onNext(): void;
}

/** "Records 1–50 of 1 234" with keyset paging (previous pages are remembered cursors). */
export function Pager({ page, pageSize, shown, total, hasNext, onPrev, onNext }: Props) {
  const { t, i18n } = useTranslation();
  const from = shown ? page * pageSize + 1 : 0;
  const to = page * pageSize + shown;
  const f = (n: number) => formatNumber(n, i18n.language);
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {total !== undefined ? t('list.range_of', { from: f(from), to: f(to), total: f(total) }) : t('list.range', { from: f(from), to: f(to) })}
      </Text>
      <Group gap="xs">
        <Button size="xs" variant="default" disabled={page === 0} onClick={onPrev}>{t('list.prev')}</Button>
        <Button size="xs" variant="default" disabled={!hasNext} onClick={onNext}>{t('list.next')}</Button>
      </Group>
    </Group>
  );
}
