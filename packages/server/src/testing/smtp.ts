/**
 * A real SMTP server on loopback for tests: what Karta sends is what a mail server receives. Sets SMTP_URL
 * for the process until closed.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp { inbox: ParsedMail[]; close(): Promise<void> }

/** `refuse` names recipients the server rejects (550), as a real server does an unknown mailbox. */
export async function startSmtp(opts: { refuse?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const inbox: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onRcptTo(address, _session, done) {
      if (opts.refuse?.(address.address)) done(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
      else done();
    },
    onData(stream, _session, done) { simpleParser(stream).then((m) => { inbox.push(m); done(); }, done); },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  return {
    inbox,
    close: async () => {
      delete process.env.SMTP_URL;
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
