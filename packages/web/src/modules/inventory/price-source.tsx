import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import type { DraftLine } from './line-draft';

/** Where a saved line's price came from; a line that leaves its offer's terms is flagged with the offer's price. */
export function PriceSource({ source, n }: { source: DraftLine['source']; n: number }) {
  const { t, i18n } = useTranslation();
  if (!source) return null;
  return (
    <>
      <Text size="xs" c="dimmed" data-testid={`price-source-${n}`}>{t(`pricing.from_${source.price_source}`)}</Text>
      {source.deviation && (
        <Badge size="xs" color="orange" variant="light" data-testid={`deviation-${n}`}>
          {t('pricing.deviation', { price: formatNumber(source.offer_price ?? '0', i18n.language, { min: 2, max: 2 }) })}
        </Badge>
      )}
    </>
  );
}
