/** Vendors, products and services of the demo catalog (prices in roubles, the base currency). */
import { create } from './create.js';
import type { GenContext } from './context.js';
import { langAt, type DemoLang } from './lang/index.js';
import { makeCompany } from './people.js';

type Kind = [words: Record<DemoLang, string>, category: string, priceFrom: number, priceTo: number, models: string[]];

/** Product kinds: the word for it in each language, category, price range and models. */
const KINDS: Kind[] = [
  [{ ru: 'Ноутбук', uk: 'Ноутбук', zh: '笔记本电脑', en: 'Laptop' }, 'hardware', 45_000, 160_000, ['Lenovo ThinkPad E14', 'HP ProBook 450 G10', 'Dell Latitude 5440', 'ASUS ExpertBook B1', 'Acer TravelMate P2', 'Huawei MateBook D16', 'Toshiba Satellite Pro C50']],
  [{ ru: 'Монитор', uk: 'Монітор', zh: '显示器', en: 'Monitor' }, 'hardware', 12_000, 60_000, ['Dell P2422H', 'LG 27UL500', 'Samsung S24C450', 'AOC 24B2XH', 'Philips 272E1']],
  [{ ru: 'Принтер', uk: 'Принтер', zh: '打印机', en: 'Printer' }, 'hardware', 15_000, 70_000, ['HP LaserJet Pro M404dn', 'Canon i-SENSYS LBP233dw', 'Kyocera ECOSYS P2040dn', 'Brother HL-L5100DN']],
  [{ ru: 'Маршрутизатор', uk: 'Маршрутизатор', zh: '路由器', en: 'Router' }, 'hardware', 4_000, 35_000, ['MikroTik hAP ax2', 'TP-Link Archer AX55', 'Keenetic Giga', 'Cisco RV340']],
  [{ ru: 'Сервер', uk: 'Сервер', zh: '服务器', en: 'Server' }, 'hardware', 250_000, 900_000, ['Dell PowerEdge R450', 'HPE ProLiant DL360', 'Lenovo ThinkSystem SR250']],
  [{ ru: 'Клавиатура', uk: 'Клавіатура', zh: '键盘', en: 'Keyboard' }, 'accessories', 1_500, 12_000, ['Logitech MX Keys', 'Logitech K120', 'A4Tech KV-300H']],
  [{ ru: 'Мышь', uk: 'Миша', zh: '鼠标', en: 'Mouse' }, 'accessories', 800, 9_000, ['Logitech MX Master 3S', 'Logitech M185', 'Microsoft Bluetooth Mouse']],
  [{ ru: 'Гарнитура', uk: 'Гарнітура', zh: '耳机', en: 'Headset' }, 'accessories', 2_500, 25_000, ['Jabra Evolve2 40', 'Logitech H390', 'Poly Voyager 4320']],
  [{ ru: 'Док-станция', uk: 'Док-станція', zh: '扩展坞', en: 'Docking station' }, 'accessories', 9_000, 30_000, ['Dell WD19S', 'Lenovo USB-C Dock']],
  [{ ru: 'SSD-накопитель', uk: 'SSD-накопичувач', zh: '固态硬盘', en: 'SSD' }, 'accessories', 3_500, 20_000, ['Samsung 980 1TB', 'Kingston NV2 500GB', 'WD Blue SN580 1TB']],
  [{ ru: 'Картридж', uk: 'Картридж', zh: '硒鼓', en: 'Toner cartridge' }, 'consumables', 2_000, 9_000, ['HP 59A', 'Canon 057', 'Kyocera TK-1170']],
  [{ ru: 'Бумага офисная', uk: 'Папір офісний', zh: '复印纸', en: 'Office paper' }, 'consumables', 300, 600, ['SvetoCopy A4', 'Double A A4']],
  [{ ru: 'Лицензия', uk: 'Ліцензія', zh: '软件许可', en: 'License' }, 'software', 3_000, 40_000, ['Kaspersky Endpoint Security', '1С:Бухгалтерия 8', 'Windows 11 Pro', 'Karta CRM (на пользователя, год)']],
];

const SERVICES: [name: string, category: string, unit: string, price: number][] = [
  ['Установка и настройка ПО', 'installation', 'hours', 1500], ['Выезд инженера', 'support', 'incidents', 3000],
  ['Обучение пользователей (группа до 10 человек)', 'training', 'days', 25000], ['Миграция данных из Excel', 'migration', 'hours', 2000],
  ['Доработка отчётов', 'customization', 'hours', 2500], ['Техническая поддержка 8×5 (месяц)', 'support', 'days', 15000],
  ['Техническая поддержка 24×7 (месяц)', 'support', 'days', 45000], ['Налаштування робочого місця', 'installation', 'incidents', 1200],
  ['Навчання персоналу онлайн', 'training', 'hours', 1800], ['现场安装服务', 'installation', 'hours', 1600],
  ['远程技术支持（年度）', 'support', 'days', 60000], ['Onsite engineer visit', 'support', 'incidents', 3500],
  ['Data migration from another CRM', 'migration', 'days', 30000], ['Настройка сети и Wi-Fi', 'installation', 'hours', 1700],
  ['Аудит ИТ-инфраструктуры', 'customization', 'days', 40000],
];

export async function generateVendors(g: GenContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const pack = langAt(i);
    const c = makeCompany(g.r, pack, g.usedNames);
    const v = await create(g.ctx, 'vendors', {
      name: c.name, email: `sales@${c.domain}`, phone: c.phone, website: `https://${c.domain}`,
      gl_account: `60.${g.r.int(1, 2)}`, category: g.r.pick(['Оборудование', 'Комплектующие', 'Программное обеспечение', 'Расходные материалы']),
      street: c.address.street, city: c.address.city, region: c.address.region, postal_code: c.address.postal_code, country: c.address.country,
      assigned_to: g.r.pick(g.owners.users),
    });
    g.pools.vendors.push(v);
  }
}

/** Every kind × model once, kinds interleaved, so a small catalog still has a bit of everything. */
const COMBOS: [Kind, string][] = [];
for (let round = 0; round < 10; round++) for (const k of KINDS) if (k[4][round]) COMBOS.push([k, k[4][round]]);

export async function generateProducts(g: GenContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [[words, category, from, to], model] = COMBOS[i % COMBOS.length];
    // The first pass is the Russian catalog; further passes are imported lines named in English or Chinese.
    const round = Math.floor(i / COMBOS.length);
    const lang: DemoLang = round === 0 ? 'ru' : (i + round) % 2 ? 'en' : 'zh';
    const name = `${words[lang]} ${model}`;
    const price = g.r.money(from, to, from >= 10_000 ? 10 : 1);
    const stock = category === 'software' ? null : from >= 100_000 ? g.r.int(0, 8) : from >= 10_000 ? g.r.int(0, 40) : g.r.int(0, 150);
    const p = await create(g.ctx, 'products', {
      name, product_code: `${category.slice(0, 2).toUpperCase()}-${1000 + i}`, is_active: g.r.chance(0.93),
      manufacturer: model.split(' ')[0], category, vendor_id: g.pools.vendors.length ? g.r.pick(g.pools.vendors) : null,
      mfr_part_no: `${g.r.digits(2)}${String.fromCharCode(65 + g.r.int(0, 25))}${g.r.digits(4)}`,
      sales_start_date: g.cal.date(-g.r.int(60, 700)),
      unit_price: price, purchase_cost: (Number(price) * 0.78).toFixed(2), commission_rate: String(g.r.pick([0, 2, 3, 5])),
      tax_class: 'vat_20', usage_unit: category === 'consumables' && lang === 'ru' ? 'pack' : 'pieces',
      qty_in_stock: stock === null ? null : String(stock), reorder_level: stock === null ? null : String(g.r.int(2, 15)),
      stock_owner_id: g.r.pick(g.owners.users), min_order_qty: '1',
      description: `${lang === 'ru' ? 'Модель' : 'Model'}: ${model}`,
    });
    g.pools.products.push({ id: p, name, price, model, stocked: stock !== null });
  }
}

/** Up to `n` of the fifteen services; returns how many were made. */
export async function generateServices(g: GenContext, n: number): Promise<number> {
  const list = SERVICES.slice(0, n);
  for (const [name, category, unit, price] of list) {
    const s = await create(g.ctx, 'services', {
      name, category, usage_unit: unit, unit_price: price.toFixed(2), tax_class: 'vat_20', commission_rate: '5',
      sales_start_date: g.cal.date(-g.r.int(90, 700)),
    });
    g.pools.services.push({ id: s, name, price: price.toFixed(2) });
  }
  return list.length;
}
