/**
 * Column mappings a person confirmed, remembered by the shape of the file: the fingerprint
 * of its column names in order (sha256). The next file with the same columns is read with
 * the same answers and the import says so; `switchboard mappings list|export|remove` and the
 * settings page manage them. The table is core/db/migrations/023-column-mappings.sql.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '#core/db/database.ts';
import { GENERIC_FIELDS, type GenericField } from './field-names.ts';

export type FieldAnswers = Partial<Record<GenericField, string>>;

export interface SavedMapping {
  mappingId: number;
  fingerprint: string;
  columns: string[];
  fields: FieldAnswers;
  fileName: string | null;
  createdAt: Date;
  usedAt: Date | null;
}

/** The fingerprint of a file shape: its column names, trimmed, in order. */
export function headerFingerprint(columns: string[]): string {
  return createHash('sha256').update(columns.map((c) => c.trim()).join('\u0001')).digest('hex');
}

/** Parses `--field name=COLUMN` answers; errors name the bad one. '' (name=) means the file has none. */
export function parseFieldAnswers(pairs: string[]): { value?: FieldAnswers; errors: string[] } {
  const errors: string[] = [];
  const value: FieldAnswers = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (eq < 0) errors.push(`--field ${pair}: write it as FIELD=COLUMN (for example event_at=Changed)`);
    else if (!(GENERIC_FIELDS as readonly string[]).includes(field)) errors.push(`--field ${pair}: unknown field '${field}'; known fields are ${GENERIC_FIELDS.join(', ')}`);
    else value[field as GenericField] = pair.slice(eq + 1).trim();
  }
  return errors.length ? { errors } : { value, errors };
}

interface Row {
  mapping_id: number;
  fingerprint: string;
  columns: string;
  fields: string;
  file_name: string | null;
  created_at: Date;
  used_at: Date | null;
}

const fromRow = (r: Row): SavedMapping => ({
  mappingId: r.mapping_id, fingerprint: r.fingerprint, columns: JSON.parse(r.columns), fields: JSON.parse(r.fields),
  fileName: r.file_name, createdAt: r.created_at, usedAt: r.used_at,
});

const SELECT = 'SELECT mapping_id, fingerprint, columns::VARCHAR AS columns, fields::VARCHAR AS fields, file_name, created_at, used_at FROM column_mappings';

export async function findSavedMapping(db: Queryable, fingerprint: string): Promise<SavedMapping | undefined> {
  const rows = await db.all<Row>(`${SELECT} WHERE fingerprint = $fingerprint`, { fingerprint });
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function markMappingUsed(db: Queryable, mappingId: number): Promise<void> {
  await db.run('UPDATE column_mappings SET used_at = now() WHERE mapping_id = $id', { id: mappingId });
}

/** Saves (or replaces) the answers for a file shape. */
export async function saveMapping(db: Queryable, options: { columns: string[]; fields: FieldAnswers; fileName: string }): Promise<void> {
  const fingerprint = headerFingerprint(options.columns);
  await db.run(
    `INSERT INTO column_mappings (fingerprint, columns, fields, file_name, created_at, used_at)
     VALUES ($fingerprint, $columns::JSON, $fields::JSON, $file, now(), now())
     ON CONFLICT (fingerprint) DO UPDATE SET fields = excluded.fields, file_name = excluded.file_name, created_at = excluded.created_at, used_at = excluded.used_at`,
    { fingerprint, columns: JSON.stringify(options.columns), fields: JSON.stringify(options.fields), file: options.fileName },
  );
}

export async function listMappings(db: Queryable): Promise<SavedMapping[]> {
  return (await db.all<Row>(`${SELECT} ORDER BY mapping_id`)).map(fromRow);
}

/** Removes one mapping; false when there is none with that id. */
export async function removeMapping(db: Queryable, mappingId: number): Promise<boolean> {
  const rows = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM column_mappings WHERE mapping_id = $id', { id: mappingId });
  if (!rows[0].n) return false;
  await db.run('DELETE FROM column_mappings WHERE mapping_id = $id', { id: mappingId });
  return true;
}
