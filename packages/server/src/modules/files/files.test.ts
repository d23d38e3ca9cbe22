import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../testing/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let sales1: Client, sales2: Client, admin: Client;

// The smallest valid PNG (1×1): what the sniffer must recognise whatever the name says.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await createTestApp({ config: { maxUpload: 64 * 1024 } });
  [sales1, sales2, admin] = await Promise.all(['sales1', 'sales2', 'admin'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const upload = (c: Client, name: string, content: Buffer | string) => {
  const m = multipartBody({ name, content });
  return c.request('POST', '/api/v1/files', m.body, m.headers);
};

describe('files and documents', () => {
  it('sniffs the type from the content, never uses the name as a path, and refuses files over the limit (413)', async () => {
    const png = await upload(sales1, 'photo.html', PNG);
    expect(png.status, png.raw).toBe(201);
    expect(png.body).toMatchObject({ id: expect.any(String), name: 'photo.html', mime: 'image/png', size: PNG.length });
    const text = await upload(sales1, '../../etc/passwd', 'Привет, 世界');
    expect(text.body).toMatchObject({ name: 'passwd', mime: 'text/plain' });
    const fake = await upload(sales1, 'fake.png', '<script>alert(1)</script>');
    expect(fake.body.mime).toBe('text/plain');
    const big = await upload(sales1, 'big.bin', Buffer.alloc(65 * 1024, 1));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // A broken multipart body is the caller's mistake (400), and text fields sent before the file are few and small:
    // the parser would otherwise hold a megabyte of each, a thousand of them.
    const broken = await sales1.request('POST', '/api/v1/files', 'x', { 'content-type': 'multipart/form-data' });
    expect(broken.status, broken.raw).toBe(400);
    expect(broken.body.error.message).toBe('Отправьте файл как multipart/form-data');
    expect((await sales1.request('POST', '/api/v1/files', 'x', { 'content-type': `multipart/form-data; boundary=${'b'.repeat(300)}` })).status).toBe(400);
    const cut = multipartBody({ name: 'a.txt', content: 'abc' });
    expect((await sales1.request('POST', '/api/v1/files', cut.body.subarray(0, cut.body.length - 20), cut.headers)).status).toBe(400);
    const padded = multipartBody({ name: 'a.txt', content: 'abc' }, Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x'])));
    expect((await sales1.request('POST', '/api/v1/files', padded.body, padded.headers)).status).toBe(413);
    // Uploads are for records that hold files: a profile that may write none of them may not upload.
    const { withSalesModules } = await import('../../testing/sales-profile.js');
    await withSalesModules(admin, () => ({ accounts: ['view'] }), async () => {
      const refused = await upload(sales1, 'a.txt', 'abc');
      expect(refused.status, refused.raw).toBe(403);
      expect(refused.body.error.message).toBe('Вам нельзя загружать файлы');
    });
    const got = await sales1.get(`/api/v1/files/${png.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.bytes.equals(PNG)).toBe(true);
    // Not an image or a PDF: downloaded, never shown in place.
    expect(String((await sales1.get(`/api/v1/files/${fake.body.id}`)).headers['content-disposition'])).toMatch(/^attachment/);
    // A name with RFC 5987's reserved marks and a direction override: kept readable, never spoofed, exactly encoded.
    const odd = await upload(sales1, "O'Brien (1) счёт\u202Efdp.exe", 'x');
    expect(odd.body.name).toBe("O'Brien (1) счётfdp.exe");
    const header = String((await sales1.get(`/api/v1/files/${odd.body.id}`)).headers['content-disposition']);
    expect(header).toBe(`attachment; filename="O'Brien (1) ____fdp.exe"; filename*=UTF-8''O%27Brien%20%281%29%20${encodeURIComponent('счёт')}fdp.exe`);
  });

  it('a file is read only by its uploader and by those who may see a record holding it; its id is no way in', async () => {
    const file = (await upload(sales1, 'договор.pdf', 'Договор №1')).body.id;
    expect((await sales2.get(`/api/v1/files/${file}`)).status).toBe(404);
    const stolen = await sales2.post('/api/v1/records/documents', { title: 'Чужой файл', file_id: file });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.fields.file_id).toBeTruthy();
    const doc = (await sales1.post('/api/v1/records/documents', { title: 'Договор', file_id: file, file_version: '1' })).body.data;
    expect((await sales2.get(`/api/v1/files/${file}`)).status).toBe(404);
    // Shared with sales2 by assignment: now readable.
    await sales1.patch(`/api/v1/records/documents/${doc.id}`, { assigned_to: t.users.sales2 }, { 'If-Match': `"${doc.version}"` });
    expect((await sales2.get(`/api/v1/files/${file}`)).raw).toBe('Договор №1');
  });

  it('merged documents keep every version: the survivor holds the others\' history too', async () => {
    const [a1, a2, b1] = await Promise.all(['a1', 'a2', 'b1'].map(async (x) => (await upload(sales1, `${x}.txt`, x)).body.id as string));
    const a = (await sales1.post('/api/v1/records/documents', { title: 'Договор А', file_id: a1 })).body.data;
    await sales1.patch(`/api/v1/records/documents/${a.id}`, { file_id: a2 });
    const b = (await sales1.post('/api/v1/records/documents', { title: 'Договор Б', file_id: b1 })).body.data;
    expect((await sales1.post('/api/v1/records/documents/merge', { ids: [b.id, a.id] })).status).toBe(200);
    const kept = (await sales1.get(`/api/v1/records/documents/${b.id}/versions`)).body.data.map((v: any) => v.file_id);
    expect(kept.sort()).toEqual([a1, a2, b1].sort());
  });

  it('a new version keeps the old one; downloads are counted; documents link to any record', async () => {
    const v1 = (await upload(sales1, 'прайс.txt', 'v1')).body.id;
    const v2 = (await upload(sales1, 'прайс.txt', 'v2')).body.id;
    const doc = (await sales1.post('/api/v1/records/documents', { title: 'Прайс', file_id: v1, file_version: '1.0' })).body.data;
    await sales1.patch(`/api/v1/records/documents/${doc.id}`, { file_id: v2, file_version: '2.0' }, { 'If-Match': `"${doc.version}"` });
    const versions = (await sales1.get(`/api/v1/records/documents/${doc.id}/versions`)).body.data;
    expect(versions.map((v: any) => [v.file_id, v.label])).toEqual([[v2, '2.0'], [v1, '1.0']]);
    await sales1.get(`/api/v1/files/${v2}`);
    await sales1.get(`/api/v1/files/${v2}`);
    expect((await sales1.get(`/api/v1/records/documents/${doc.id}`)).body.data.download_count).toBe(2);
    // A copy holding the same file, given to a colleague (private): the downloader's downloads are not counted on it.
    const copy = (await sales1.post('/api/v1/records/documents', { title: 'Прайс, копия', file_id: v2, assigned_to: t.users.sales2 })).body.data.id;
    await sales1.get(`/api/v1/files/${v2}`);
    expect((await sales2.get(`/api/v1/records/documents/${copy}`)).body.data.download_count ?? 0).toBe(0);
    expect((await sales1.get(`/api/v1/records/documents/${doc.id}`)).body.data.download_count).toBe(3);
    expect((await sales2.del(`/api/v1/records/documents/${copy}`)).status).toBe(204);
    expect((await sales2.get(`/api/v1/records/documents/${doc.id}/versions`)).status).toBe(404);
    // A file sent without a label is not filed under the label of the one before it.
    const v3 = (await upload(sales1, 'прайс.txt', 'v3')).body.id;
    const labelled = (await sales1.get(`/api/v1/records/documents/${doc.id}`)).body.data;
    const third = (await sales1.patch(`/api/v1/records/documents/${doc.id}`, { file_id: v3 }, { 'If-Match': `"${labelled.version}"` })).body.data;
    expect(third.file_version).toBeNull();
    expect((await sales1.get(`/api/v1/records/documents/${doc.id}/versions`)).body.data.find((x: any) => x.file_id === v3).label).toBeNull();
    expect((await sales1.patch(`/api/v1/records/documents/${doc.id}`, { file_id: v2, file_version: '2.0' }, { 'If-Match': `"${third.version}"` })).status).toBe(200);

    // Seen by sales2, whose profile hides the file field: neither the versions nor their files.
    const current = (await sales1.get(`/api/v1/records/documents/${doc.id}`)).body.data;
    expect((await sales1.patch(`/api/v1/records/documents/${doc.id}`, { assigned_to: t.users.sales2 }, { 'If-Match': `"${current.version}"` })).status).toBe(200);
    expect((await sales2.get(`/api/v1/records/documents/${doc.id}/versions`)).body.data).toHaveLength(4); // v1, v2, v3, v2 again
    expect((await sales2.get(`/api/v1/files/${v1}`)).raw).toBe('v1');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { documents: { file_id: 'hidden' } } })).status).toBe(200);
    try {
      expect((await sales2.get(`/api/v1/records/documents/${doc.id}/versions`)).body.data).toEqual([]);
      expect((await sales2.get(`/api/v1/files/${v1}`)).status).toBe(404);
      expect((await sales2.get(`/api/v1/files/${v2}`)).status).toBe(404);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    const back = (await sales2.get(`/api/v1/records/documents/${doc.id}`)).body.data;
    expect((await sales2.patch(`/api/v1/records/documents/${doc.id}`, { assigned_to: t.users.sales1 }, { 'If-Match': `"${back.version}"` })).status).toBe(200);

    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Документ' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/accounts/${account}/related/documents`, { id: doc.id })).status).toBe(204);
    const listed = (await sales1.get(`/api/v1/records/accounts/${account}/related/documents`)).body.data;
    expect(listed.map((d: any) => d.id)).toEqual([doc.id]);
    expect((await sales1.get(`/api/v1/records/documents/${doc.id}/related/accounts`)).body.data.map((a: any) => a.id)).toEqual([account]);
    const timeline = (await sales1.get(`/api/v1/records/accounts/${account}/timeline`)).body.data;
    expect(timeline.find((x: any) => x.kind === 'document')).toMatchObject({ id: doc.id, title: 'Прайс', detail: { file_id: v2 } });
    expect((await sales2.get(`/api/v1/records/accounts/${account}/timeline`)).status).toBe(404);
  });
});
