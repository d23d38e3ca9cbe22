import { describe, expect, it } from 'vitest';
import { rebaseLayout, type LayoutBlock } from './layout-rebase';

const block = (key: string, fields: string[]): LayoutBlock => ({ key, label: { en: key }, fields });

describe('rebaseLayout', () => {
  const server = [block('main', ['name', 'phone', 'cf_color']), block('address', ['city'])];

  it('takes the server layout when nothing was moved', () => {
    const now = [block('main', ['name', 'phone']), block('address', ['city'])];
    expect(rebaseLayout(server, server, now)).toEqual(now);
  });

  it('keeps unsaved moves across a refresh, dropping a purged field and placing a restored one where the server put it', () => {
    const moved = [block('address', ['city', 'phone']), block('main', ['name', 'cf_color'])];
    const now = [block('main', ['name', 'phone', 'cf_size']), block('address', ['city'])]; // cf_color purged, cf_size restored
    expect(rebaseLayout(moved, server, now)).toEqual([block('address', ['city', 'phone']), block('main', ['name', 'cf_size'])]);
  });

  it('keeps a block the user added and adds one the server has that the user has not', () => {
    const mine = [...server, block('custom_x', ['phone'])].map((b) => (b.key === 'main' ? block('main', ['name', 'cf_color']) : b));
    const now = [...server, block('extra', ['fax'])];
    const out = rebaseLayout(mine, server, now);
    expect(out.map((b) => b.key)).toEqual(['main', 'address', 'custom_x', 'extra']);
    expect(out.find((b) => b.key === 'custom_x')!.fields).toEqual(['phone']);
    expect(out.find((b) => b.key === 'extra')!.fields).toEqual(['fax']);
  });

  it('starts from the server layout when there was none before (another module)', () => {
    expect(rebaseLayout(null, null, server)).toEqual(server);
  });
});
