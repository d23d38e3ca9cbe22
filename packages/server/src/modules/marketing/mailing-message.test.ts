import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { dsn } from '../../testing/dsn.js';
import { readBounce } from './bounces.js';
import { personalise, trackLinks } from './mailing-message.js';

describe('a message', () => {
  it('gets tracked links, the footer in its language and the one-click headers', () => {
    const key = Buffer.alloc(32, 1);
    const p = personalise({ html: '<p><a href="https://a.example/x?y=1&amp;z=2">x</a> <a href="mailto:a@b.c">m</a></p>', base: 'https://crm.example', token: 'tok', key, lang: 'uk', trackOpens: true, trackClicks: true });
    expect(p.html).toContain('https://crm.example/u/tok/click?url=https%3A%2F%2Fa.example%2Fx%3Fy%3D1%26z%3D2&amp;s=');
    expect(p.html).toContain('href="mailto:a@b.c"');
    expect(p.html).toContain('Відписатися');
    expect(p.html).toContain('/u/tok/open.gif');
    expect(p.headers['List-Unsubscribe']).toBe('<https://crm.example/u/tok>');
    expect(trackLinks('<a href="http://x.example">x</a>', () => 'W')).toBe('<a href="W">x</a>');
  });
});

describe('a bounce', () => {
  it('reads a delivery status notification; a temporary failure is not permanent; ordinary mail is no bounce', async () => {
    const b = readBounce(await simpleParser(dsn('Someone@Mail.example', '<orig@karta>')));
    expect(b).toEqual({ address: 'someone@mail.example', messageId: '<orig@karta>', reason: '550 5.1.1 User unknown', permanent: true });
    expect(readBounce(await simpleParser(dsn('a@b.c', '<o@k>', '4.2.2')))?.permanent).toBe(false);
    expect(readBounce(await simpleParser('From: a@b.c\r\nSubject: hi\r\n\r\nhello'))).toBeNull();
  });
});
