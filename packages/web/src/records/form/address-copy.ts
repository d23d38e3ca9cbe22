/**
 * Address blocks hold pairs like billing_city / shipping_city. When a block has two such families,
 * the form offers "copy billing → shipping" as vTiger does.
 */
const ADDRESS_PARTS = ['street', 'po_box', 'city', 'region', 'postal_code', 'country'];

export interface AddressCopy {
  from: string;
  to: string;
  pairs: [string, string][];
}

export function findAddressCopies(fieldNames: string[]): AddressCopy[] {
  const families = new Map<string, Set<string>>();
  for (const name of fieldNames) {
    const part = ADDRESS_PARTS.find((p) => name.endsWith('_' + p));
    if (!part) continue;
    const prefix = name.slice(0, -(part.length + 1));
    if (!families.has(prefix)) families.set(prefix, new Set());
    families.get(prefix)!.add(part);
  }
  const prefixes = [...families.keys()].filter((p) => families.get(p)!.size >= 3);
  if (prefixes.length !== 2) return [];
  const [a, b] = prefixes;
  const common = ADDRESS_PARTS.filter((p) => families.get(a)!.has(p) && families.get(b)!.has(p));
  return [
    { from: a, to: b, pairs: common.map((p) => [`${a}_${p}`, `${b}_${p}`]) },
    { from: b, to: a, pairs: common.map((p) => [`${b}_${p}`, `${a}_${p}`]) },
  ];
}
