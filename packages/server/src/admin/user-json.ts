/** The public shape of a user (never the password hash). */
export const USER_COLUMNS = 'id, username, first_name, last_name, email, role_id, is_admin, language, time_zone, email_notifications, active, created_at, updated_at';

export function userJson(row: Record<string, unknown>) {
  return {
    id: row.id, username: row.username, first_name: row.first_name ?? null, last_name: row.last_name ?? null,
    email: row.email ?? null, role_id: row.role_id ?? null, is_admin: row.is_admin, language: row.language,
    time_zone: row.time_zone ?? null, email_notifications: row.email_notifications ?? false,
    active: row.active,
  };
}
