import { userLabel } from '../../api/directory';

/** The "@word" being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([\p{L}\p{N}_.-]{0,40})$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

/** People whose name, surname or login starts with the query (case-insensitive), best first. */
export function matchUsers<T extends { first_name: string | null; last_name: string | null; username: string }>(users: T[], query: string): T[] {
  const q = query.toLocaleLowerCase();
  return users.filter((u) => [u.first_name, u.last_name, u.username, userLabel(u)].some((w) => (w ?? '').toLocaleLowerCase().startsWith(q))).slice(0, 8);
}
