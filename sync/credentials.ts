/**
 * Where a pull's credentials come from: environment variables, or a JSON file that only
 * its owner can read (mode 0600 or stricter). Never from the command line, where `ps` and
 * shell history would show them, and never printed: errors name the variable or the file,
 * not the value.
 *
 * A vendor declares the fields it needs (Zendesk: email and token); each field `f` is read
 * from `SWITCHBOARD_<VENDOR>_<F>`, or from the file named by `--credentials FILE` or
 * `SWITCHBOARD_<VENDOR>_CREDENTIALS_FILE`, whose JSON object has the fields as keys.
 */
import { readFileSync, statSync } from 'node:fs';
import { PullError } from './http-client.ts';

export interface CredentialField {
  name: string;
  /** Shown when it is missing, e.g. "the API token from Admin Center > Apps and integrations". */
  description: string;
  optional?: boolean;
}

export type Credentials = Record<string, string>;

export function envName(vendor: string, field: string): string {
  return `SWITCHBOARD_${vendor.replace(/[^a-z0-9]/gi, '_').toUpperCase()}_${field.replace(/[^a-z0-9]/gi, '_').toUpperCase()}`;
}

/** Pure: checks a file's mode and owner as `stat` reports them. */
export function checkCredentialFileMode(path: string, mode: number, ownerUid: number, uid: number | undefined): string | undefined {
  if ((mode & 0o077) !== 0) {
    return `${path} can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${path}`;
  }
  if (uid !== undefined && ownerUid !== uid) return `${path} belongs to another user; the credentials file must be your own`;
  return undefined;
}

export function readCredentialFile(path: string): Record<string, unknown> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new PullError('SB_ERR_PULL_CREDENTIALS', `credentials file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const problem = checkCredentialFileMode(path, st.mode, st.uid, process.getuid?.());
  if (problem) throw new PullError('SB_ERR_PULL_CREDENTIALS', problem);
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
    return json as Record<string, unknown>;
  } catch (e) {
    // The parser's message can quote the file's text, which holds secrets: give only the kind.
    throw new PullError('SB_ERR_PULL_CREDENTIALS', `credentials file ${path} is not a JSON object of fields (${(e as Error).name})`);
  }
}

export function loadCredentials(
  vendor: string,
  fields: CredentialField[],
  options: { env?: NodeJS.ProcessEnv; file?: string } = {},
): Credentials {
  const env = options.env ?? process.env;
  const file = options.file ?? env[envName(vendor, 'credentials_file')];
  const fromFile = file ? readCredentialFile(file) : {};
  const out: Credentials = {};
  const missing: string[] = [];
  for (const f of fields) {
    const value = fromFile[f.name] ?? env[envName(vendor, f.name)];
    if (typeof value === 'string' && value !== '') out[f.name] = value;
    else if (!f.optional) missing.push(`${envName(vendor, f.name)} (${f.description})`);
  }
  if (missing.length) {
    throw new PullError(
      'SB_ERR_PULL_CREDENTIALS',
      `missing credentials: set ${missing.join(', ')}${file ? ` or add them to ${file}` : ', or name a mode-0600 JSON file with --credentials'}`,
    );
  }
  return out;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
