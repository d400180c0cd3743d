/**
 * Accounts and sessions in DuckDB. Sessions are server-side rows keyed by the sha256 of a
 * random 32-byte token; the cookie carries the token, the database only its hash. Each
 * session has its own CSRF token for state-changing requests.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Params, Queryable } from '#core/db/database.ts';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.ts';
import { ROLES, type RequestAccess, type Role } from './roles.ts';

export const SESSION_HOURS = 12;

export interface User {
  userId: string;
  email: string;
  displayName: string | null;
  role: Role;
  departments: string[];
  disabled: boolean;
  hasPassword: boolean;
  /** Signed in with a temporary password an admin gave: must choose their own before anything else. */
  passwordChangeRequired: boolean;
}

interface UserRow {
  user_id: string;
  email: string;
  display_name: string | null;
  role: Role;
  departments: string[];
  disabled: boolean;
  password_hash: string | null;
  password_change_required: boolean | null;
}

const USER_COLUMNS = 'user_id, email, display_name, role, departments, disabled, password_hash, password_change_required';

function toUser(r: UserRow): User {
  return {
    userId: r.user_id, email: r.email, displayName: r.display_name, role: r.role,
    departments: r.departments ?? [], disabled: r.disabled, hasPassword: r.password_hash !== null,
    passwordChangeRequired: r.password_change_required === true,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class AccountError extends Error {
  constructor(readonly code: string, message: string, readonly statusCode = 400) {
    super(message);
  }
}

export interface NewUser {
  email: string;
  role: Role;
  departments?: string[];
  displayName?: string;
  /** Omit for an account that signs in only through OpenID Connect. */
  password?: string;
  /** The password is a temporary one an admin was shown: the person chooses their own at first sign-in. */
  temporary?: boolean;
}

export async function addUser(db: Queryable, input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) throw new AccountError('SB_ERR_BAD_EMAIL', `'${input.email}' is not an email address`);
  if (!ROLES.includes(input.role)) throw new AccountError('SB_ERR_BAD_ROLE', `role must be one of ${ROLES.join(', ')}`);
  const departments = [...new Set((input.departments ?? []).map((d) => d.trim()).filter(Boolean))];
  if (input.role === 'department_head' && departments.length === 0) {
    throw new AccountError('SB_ERR_BAD_ROLE', 'a department head needs at least one department');
  }
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, email);
    if (problems.length) throw new AccountError('SB_ERR_WEAK_PASSWORD', problems.join('; '));
  }
  const existing = await db.all('SELECT 1 FROM users WHERE email = $1', [email]);
  if (existing.length) throw new AccountError('SB_ERR_USER_EXISTS', `an account for ${email} already exists`, 409);
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  const userId = randomUUID();
  await db.run(
    `INSERT INTO users (user_id, email, display_name, role, departments, password_hash, disabled, created_at, password_change_required)
     VALUES ($1, $2, $3, $4, $5::VARCHAR[], $6, false, now(), $7)`,
    [userId, email, input.displayName ?? null, input.role, input.role === 'department_head' ? departments : [], hash, hash !== null && input.temporary === true],
  );
  return (await findUser(db, email))!;
}

export async function findUser(db: Queryable, email: string): Promise<User | null> {
  const rows = await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [normaliseEmail(email)]);
  return rows.length ? toUser(rows[0]) : null;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`)).map(toUser);
}

export async function adminExists(db: Queryable): Promise<boolean> {
  const rows = await db.all("SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled LIMIT 1");
  return rows.length > 0;
}

/** The user for an email and password, or null; always spends one scrypt. */
export async function checkPassword(db: Queryable, email: string, password: string): Promise<User | null> {
  const rows = await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [normaliseEmail(email)]);
  const row = rows[0];
  const ok = await verifyPassword(password, row && !row.disabled ? row.password_hash : null);
  return ok && row ? toUser(row) : null;
}

/** Whether any account exists, active or not: the first-admin setup opens only when none does. */
export async function anyUserExists(db: Queryable): Promise<boolean> {
  return (await db.all('SELECT 1 FROM users LIMIT 1')).length > 0;
}

/**
 * Refuses a change that would leave no active admin: nobody could then manage accounts,
 * and the install must not look new (setup would hand it to whoever asks first).
 */
async function keepAnAdmin(db: Queryable, email: string, after: { role: Role; disabled: boolean }): Promise<void> {
  if (after.role === 'admin' && !after.disabled) return;
  const others = await db.all("SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND email <> $1 LIMIT 1", [email]);
  const self = await db.all("SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled AND email = $1", [email]);
  if (self.length && !others.length) {
    throw new AccountError('SB_ERR_LAST_ADMIN', `${email} is the last active admin; make another account admin first`, 409);
  }
}

async function existingUser(db: Queryable, email: string): Promise<User> {
  const user = await findUser(db, email);
  if (!user) throw new AccountError('SB_ERR_NO_SUCH_USER', `there is no account for ${normaliseEmail(email)}`, 404);
  return user;
}

/** Run inside a transaction (db.transaction) so that two changes cannot both pass the last-admin check. */
export async function setDisabled(db: Queryable, email: string, disabled: boolean): Promise<void> {
  const user = await existingUser(db, email);
  await keepAnAdmin(db, user.email, { role: user.role, disabled });
  await db.run('UPDATE users SET disabled = $2 WHERE email = $1', [user.email, disabled]);
  if (disabled) await db.run('DELETE FROM sessions WHERE user_id = $1', [user.userId]);
}

/** Changes an account's role (and a department head's departments); its sessions end so the new role applies at once. */
export async function setRole(db: Queryable, email: string, role: Role, departments: string[] = []): Promise<User> {
  if (!ROLES.includes(role)) throw new AccountError('SB_ERR_BAD_ROLE', `role must be one of ${ROLES.join(', ')}`);
  const user = await existingUser(db, email);
  const depts = [...new Set(departments.map((d) => d.trim()).filter(Boolean))];
  if (role === 'department_head' && depts.length === 0) throw new AccountError('SB_ERR_BAD_ROLE', 'a department head needs at least one department');
  await keepAnAdmin(db, user.email, { role, disabled: user.disabled });
  await db.run('UPDATE users SET role = $2, departments = $3::VARCHAR[] WHERE email = $1', [user.email, role, role === 'department_head' ? depts : []]);
  await db.run('DELETE FROM sessions WHERE user_id = $1', [user.userId]);
  return (await findUser(db, user.email))!;
}

/**
 * A temporary password, shown once to the admin who set it: 20 URL-safe characters (120
 * random bits). It passes the password rules for `email` (a draw that contains the email's
 * name is drawn again).
 */
export function temporaryPassword(email: string): string {
  for (;;) {
    const candidate = randomBytes(15).toString('base64url');
    if (passwordProblems(candidate, email).length === 0) return candidate;
  }
}

/**
 * Sets an account's password and ends its sessions, so the old password's sessions stop at
 * once. `temporary`: an admin's reset, which the person must replace at their next sign-in.
 */
export async function setPassword(db: Queryable, email: string, password: string, options: { temporary?: boolean } = {}): Promise<User> {
  const user = await existingUser(db, email);
  const problems = passwordProblems(password, user.email);
  if (problems.length) throw new AccountError('SB_ERR_WEAK_PASSWORD', problems.join('; '));
  await db.run('UPDATE users SET password_hash = $2, password_change_required = $3 WHERE email = $1', [user.email, await hashPassword(password), options.temporary === true]);
  await db.run('DELETE FROM sessions WHERE user_id = $1', [user.userId]);
  return (await findUser(db, user.email))!;
}

/**
 * A person replaces their own password: the current one must match, the new one pass the
 * rules and differ from it. Every session of theirs ends (the caller starts a new one), and
 * a temporary password's restriction lifts.
 */
export async function chooseOwnPassword(db: Queryable, userId: string, current: string, next: string): Promise<User> {
  const rows = await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE user_id = $1 AND NOT disabled`, [userId]);
  const row = rows[0];
  if (!row || !(await verifyPassword(current, row.password_hash))) {
    throw new AccountError('SB_ERR_BAD_CREDENTIALS', 'the current password is wrong; it is the one you signed in with', 401);
  }
  const problems = passwordProblems(next, row.email);
  if (next === current) problems.push('the new password must differ from the one you were given');
  if (problems.length) throw new AccountError('SB_ERR_WEAK_PASSWORD', problems.join('; '));
  await db.run('UPDATE users SET password_hash = $2, password_change_required = false WHERE user_id = $1', [userId, await hashPassword(next)]);
  await db.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
  return toUser({ ...row, password_change_required: false });
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Sessions are read by no figure: signing in or out keeps the figures' cached answers. */
function writeSessions(db: Queryable, sql: string, params: Params): Promise<void> {
  return db.runOutsideFigures ? db.runOutsideFigures(sql, params) : db.run(sql, params);
}

export async function createSession(db: Queryable, userId: string, now = new Date()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await writeSessions(db, 'DELETE FROM sessions WHERE expires_at < $1', [now]);
  await writeSessions(db, 'INSERT INTO sessions VALUES ($1, $2, $3, $4, $5)', [sha256(token), userId, csrfToken, now, expiresAt]);
  return { token, csrfToken, expiresAt };
}

export interface SessionLookup {
  access: RequestAccess;
  user: User;
  csrfToken: string;
}

export async function lookupSession(db: Queryable, token: string, now = new Date()): Promise<SessionLookup | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const rows = await db.all<UserRow & { csrf_token: string }>(
    `SELECT ${USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')}, s.csrf_token
     FROM sessions s JOIN users u USING (user_id)
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
    [sha256(token), now],
  );
  if (!rows.length) return null;
  const user = toUser(rows[0]);
  return {
    user,
    csrfToken: rows[0].csrf_token,
    access: { role: user.role, departments: user.departments, userId: user.userId, email: user.email },
  };
}

export async function endSession(db: Queryable, token: string): Promise<void> {
  await writeSessions(db, 'DELETE FROM sessions WHERE token_hash = $1', [sha256(token)]);
}
