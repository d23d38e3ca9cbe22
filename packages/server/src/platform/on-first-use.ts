/**
 * A library loaded the first time it is needed, not when the server starts. Charts, spreadsheets, PDF and IMAP take
 * 20–40 MB of memory each once loaded; a server that never exports a report or polls a mailbox never pays for them.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
