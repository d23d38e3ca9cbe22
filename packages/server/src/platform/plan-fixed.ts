/**
 * Statements whose plan cannot depend on the values: an insert of given rows (no `where`; alone or as the first step
 * of a `with`, as a record and its audit line are written), one that finds its row by its primary key (`… id = $n`;
 * `account_id` and the like do not match), or one marked so (PLAN_FIXED_HINT). Only these are kept prepared under a
 * name (pglite-query.ts, pg-named-statements.ts): a list, a count or a report whose owners (`assigned_to = any($1)`),
 * dates or limit decide its plan keeps being planned for its values — PostgreSQL would otherwise settle on a plan made
 * for guessed ones.
 */
const PLAN_FIXED = /^\s*(?:with\s+\w+\s+as\s*\(\s*)?insert\b(?![\s\S]*\bwhere\b)|\bid"?\s*=\s*\$\d|^\s*\/\* plan fixed \*\//i;
/** A search's selectivity decides its plan, and it asks the planner's estimate first: never named. */
const VALUE_DEPENDENT = /\b(i?like|similarity|explain)\b/i;

/**
 * Put first in a statement whose plan cannot depend on its values though PLAN_FIXED cannot tell — a small table's rows
 * by a key other than the id, asked on every write — so it is kept named.
 */
export const PLAN_FIXED_HINT = '/* plan fixed */';

/** Whether a statement may be kept prepared, its generic plan as good as one made for its values. */
export const planFixed = (sql: string): boolean => PLAN_FIXED.test(sql) && !VALUE_DEPENDENT.test(sql);

/** A statement run this often is prepared under a name, so later runs skip parsing and, mostly, planning. */
export const NAME_AFTER_RUNS = 3;

/** Ends the open transaction (not `rollback to` a savepoint). */
export const ENDS_TRANSACTION = /^\s*(commit|end|rollback|abort)\b(?!\s+to\b)/i;
