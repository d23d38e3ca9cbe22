/**
 * A real IMAP server on loopback for tests: Dovecot from the Debian package (`dovecot-imapd`), started in the
 * foreground with a configuration of its own in a temporary directory (its own port, users, maildirs, no TLS),
 * and stopped with the test. Mail is put into a mailbox by IMAP APPEND, as another mail client would.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = '/usr/sbin/dovecot';

export interface TestImap {
  host: string;
  port: number;
  /** Puts a raw message into a user's folder (INBOX by default). */
  append(user: string, raw: string, folder?: string): Promise<void>;
  /** The flags of every message in a user's folder, in order. */
  flags(user: string, folder?: string): Promise<string[][]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function listening(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('dovecot did not start listening');
}

/** Starts Dovecot with these users (name → password). */
export async function startImap(users: Record<string, string>): Promise<TestImap> {
  if (!fs.existsSync(DOVECOT)) throw new Error(`Dovecot not found at ${DOVECOT}: install the Debian package dovecot-imapd (as .ci/run does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karta-imap-'));
  const port = await freePort();
  const root = process.getuid?.() === 0;
  // As root Dovecot drops to its system users; as anyone else it runs as that user throughout.
  const me = os.userInfo().username;
  const mailUser = root ? 'dovecot' : me;
  fs.writeFileSync(path.join(dir, 'passwd'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}`).join('\n') + '\n');
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(conf, [
    `base_dir = ${dir}/run`, `state_dir = ${dir}/state`, `log_path = ${dir}/log`, `instance_name = karta-test-${port}`,
    'first_valid_uid = 1', 'protocols = imap', 'ssl = no', 'disable_plaintext_auth = no', 'auth_mechanisms = plain login',
    `default_login_user = ${root ? 'dovenull' : me}`, `default_internal_user = ${mailUser}`,
    `mail_location = maildir:${dir}/mail/%u`, 'listen = 127.0.0.1',
    'passdb {', '  driver = passwd-file', `  args = scheme=PLAIN ${dir}/passwd`, '}',
    'userdb {', '  driver = static', `  args = uid=${mailUser} gid=${root ? 'dovecot' : os.userInfo().gid} home=${dir}/home/%u`, '}',
    `service imap-login {`, `  inet_listener imap {`, `    address = 127.0.0.1`, `    port = ${port}`, '  }', '  inet_listener imaps {', '    port = 0', '  }', '}',
    'service anvil {', '  chroot =', '}', 'service imap-login {', '  chroot =', '}',
  ].join('\n') + '\n');
  for (const d of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, d));
  if (root) {
    fs.chmodSync(dir, 0o755); // Dovecot's own users read the configuration and password file under it
    const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString());
    const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString());
    for (const d of ['mail', 'home']) fs.chownSync(path.join(dir, d), uid, gid);
  }
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
  await listening(port, child, path.join(dir, 'log'));

  const client = async (user: string) => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: users[user] }, logger: false });
    await c.connect();
    return c;
  };
  return {
    host: '127.0.0.1',
    port,
    async append(user, raw, folder = 'INBOX') {
      const c = await client(user);
      try {
        if (folder !== 'INBOX') await c.mailboxCreate(folder).catch(() => undefined);
        await c.append(folder, raw);
      } finally { await c.logout(); }
    },
    async flags(user, folder = 'INBOX') {
      const c = await client(user);
      try {
        const lock = await c.getMailboxLock(folder);
        try {
          const out: string[][] = [];
          if ((c.mailbox && typeof c.mailbox === 'object' ? c.mailbox.exists : 0) === 0) return out;
          // \Recent depends on which session looked first: left out.
          for await (const m of c.fetch('1:*', { flags: true })) out.push([...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort());
          return out;
        } finally { lock.release(); }
      } finally { await c.logout(); }
    },
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
