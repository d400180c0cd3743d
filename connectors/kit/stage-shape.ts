/**
 * Stages one vendor file into a table of the vendor's documented field names, all text,
 * with `_row` (the row across every file of one import) and `_line` (the row within this
 * file). CSV columns are matched by normalised name; JSON records are read by key from
 * the vendor's wrapper (`{"records": [...]}`) or as bare records.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { csvProjectionSql, type CutOffCsvRow, jsonRecordsSql, jsonText, looksLikeJson, matchHeaders, readCsvTable, readJsonDocs } from './read-export.ts';

export interface StagedFile {
  names: string[];
  kind: 'csv' | 'json';
  /** A CSV's cut-off last row, still in the raw table: reject it with rejectCutOffRow. */
  cut?: CutOffCsvRow;
}

/** Reads the file raw (CSV all-text, or JSON records) into `raw_<table>`; returns the column or key names. */
export async function readRaw(tx: ConnectionQueries, filePath: string, table: string, jsonKeys: string[]): Promise<StagedFile> {
  if (looksLikeJson(filePath)) {
    await readJsonDocs(tx, filePath, `${table}_docs`);
    await tx.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(`raw_${table}`)} AS ${jsonRecordsSql(`${table}_docs`, jsonKeys)}`);
    const keys = await tx.all<{ k: string }>(
      `SELECT DISTINCT unnest(json_keys(j)) AS k FROM (SELECT j FROM ${quoteIdent(`raw_${table}`)} WHERE json_type(j) = 'OBJECT' LIMIT 50)`,
    );
    return { names: keys.map((k) => k.k), kind: 'json' };
  }
  const csv = await readCsvTable(tx, filePath, `raw_${table}`);
  return { names: csv.columns, kind: 'csv', ...(csv.cut ? { cut: csv.cut } : {}) };
}

/** Projects `raw_<from>` (from readRaw) to `table` with the vendor's field names, numbering rows from `offset`. */
export async function projectFields<F extends string>(
  tx: ConnectionQueries,
  options: { table: string; from: string; staged: StagedFile; fields: readonly F[]; aliases: Record<F, string[]>; offset: number },
): Promise<number> {
  const { table, from, staged, fields, aliases, offset } = options;
  const raw = quoteIdent(`raw_${from}`);
  const projection =
    staged.kind === 'csv'
      ? csvProjectionSql(fields, matchHeaders(staged.names, aliases))
      : fields
          .map((f) => {
            const keys = aliases[f].filter((a) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(a));
            return `coalesce(${keys.map((k) => jsonText('j', k)).join(', ')}) AS ${quoteIdent(f)}`;
          })
          .join(', ');
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS SELECT (_line + $offset)::BIGINT AS _row, _line, ${projection} FROM ${raw}`,
    { offset },
  );
  const [{ n }] = await tx.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(table)}`);
  return n;
}

/** An empty table with the given text columns, so builders never branch on a missing file. */
export function emptyTableSql(table: string, fields: readonly string[]): string {
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (_row BIGINT, _line BIGINT, ${fields.map((f) => `${quoteIdent(f)} VARCHAR`).join(', ')})`;
}
