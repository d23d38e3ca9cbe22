import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

/** Writes raw bytes to a listening server and returns what it answers (the test of what Node's parser refuses). */
async function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(request, 'latin1'));
    let got = '';
    s.on('data', (d) => { got += d.toString('utf8'); });
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
}

describe('HSTS and upgrade-insecure-requests only when served over HTTPS', () => {
  let plain: TestApp, publicHttps: TestApp, proxied: TestApp;
  beforeAll(async () => {
    [plain, publicHttps, proxied] = await Promise.all([
      createTestApp(),
      createTestApp({ config: { publicUrl: 'https://crm.example.com' } }),
      createTestApp({ config: { trustProxy: true } }),
    ]);
  }, 300_000); // three whole apps at once: on a loaded machine more than the default two minutes
  afterAll(async () => { await Promise.all([plain, publicHttps, proxied].map((t) => t?.close())); });

  it('plain HTTP under a LAN name: neither header, so the browser keeps http', async () => {
    const r = await plain.server.inject({ method: 'GET', url: '/api/v1/health', headers: { host: 'crm.office:3000' } });
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(String(r.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
  it('KARTA_PUBLIC_URL with https: both, and the session cookie is Secure', async () => {
    const r = await publicHttps.server.inject({ method: 'GET', url: '/api/v1/health' });
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(r.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    const login = await publicHttps.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-test-password' } });
    expect(String(login.headers['set-cookie'])).toMatch(/Secure/);
  });
  it('behind a trusted proxy: only when the proxy says the request came over https', async () => {
    const http = await proxied.server.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-forwarded-proto': 'http' } });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    const https = await proxied.server.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toMatch(/max-age/);
    // An untrusted proxy header changes nothing.
    const spoofed = await plain.server.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  it('a header with control bytes gets the envelope and the security headers', async () => {
    await plain.server.listen({ port: 0, host: '127.0.0.1' });
    const port = (plain.server.server.address() as net.AddressInfo).port;
    for (const bad of ['X-Bad: a\x01b', 'X-Bad: a\x7fb', 'Bad Header Name: x']) {
      const answer = await raw(port, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\n${bad}\r\n\r\n`);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400/);
      expect(head.toLowerCase()).toContain('x-content-type-options: nosniff');
      expect(head.toLowerCase()).toContain('content-security-policy:');
      expect(JSON.parse(body).error.code).toBe('VALIDATION_FAILED');
    }
  });
});
