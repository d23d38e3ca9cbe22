import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { storable } from './mail-poll.js';

describe('a mail from outside, before it is stored', () => {
  it('loses the NUL bytes and the impossible date the database would refuse at every poll', async () => {
    const raw = ['From: bad@example.com', 'To: desk@karta.test', 'Subject: a\u0000b', 'Date: Fri, 01 Jan 99999 00:00:00 +0000', 'References: <r1@x.example>\u0000',
      'Content-Type: text/plain; charset=utf-8', '', 'text\u0000with a NUL'].join('\r\n');
    const p = storable(await simpleParser(Buffer.from(raw)));
    expect(p.subject).toBe('ab');
    expect(p.text?.trim()).toBe('textwith a NUL');
    expect(JSON.stringify(p.references)).not.toContain('\\u0000');
    expect(p.date).toBeUndefined();
    const fine = storable(await simpleParser(Buffer.from(['Subject: ok', 'Date: Mon, 07 Dec 2026 10:00:00 +0000', '', 'hi'].join('\r\n'))));
    expect(fine.date?.toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });
});
