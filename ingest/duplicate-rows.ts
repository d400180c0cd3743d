/**
 * Rows of one file that repeat or contradict each other (docs/connectors.md, "Duplicate rows").
 *
 * - A file row whose staged values are all the same as an earlier row's of the same ticket
 *   is a repeat: it is set aside with the rejected rows (its row, and the row it repeats),
 *   so one event is not stored twice.
 * - A ticket whose rows give different creation times keeps the earliest; a ticket of a
 *   file without events (one row per ticket) that appears on several rows with different
 *   values keeps, per column, the last row's value. Both are said in the import's notes,
 *   with the rows, so nothing merges silently.
 */
import type { Queryable } from '#core/db/database.ts';

/** Examples named in a note. */
const EXAMPLES = 5;

export interface DuplicateReport {
  repeatedRows: number;
  notes: string[];
}

/**
 * Moves repeated rows into `rejects` and describes contradicting ones. `firstRowNumber` is
 * the number the file shows for staged row 0 (after its header and any title rows).
 */
export async function reportDuplicateRows(tx: Queryable, firstRowNumber: number, ticketValueColumns: readonly string[]): Promise<DuplicateReport> {
  const columns = (await tx.all<{ name: string }>('SELECT column_name AS name FROM (DESCRIBE norm_rows)')).map((c) => c.name);
  const compared = columns.filter((c) => c !== '_row' && c !== '_key').map((c) => `"${c.replaceAll('"', '""')}"`);
  // Several staged rows of one file row (a vendor's update row) are one row here: a file
  // row repeats another when the staged rows of both say the same.
  const rowHash = `hash(${compared.join(', ')})`;
  const fileRows = columns.includes('_key')
    ? `SELECT _row, any_value(ticket_id) AS ticket_id, hash(list_sort(list(${rowHash}))) AS h FROM norm_rows
       WHERE ticket_id IS NOT NULL AND _row NOT IN (SELECT _row FROM rejects) GROUP BY _row`
    : `SELECT _row, ticket_id, ${rowHash} AS h FROM norm_rows WHERE ticket_id IS NOT NULL AND _row NOT IN (SELECT _row FROM rejects)`;
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE repeated_rows AS
     WITH file_rows AS (${fileRows}),
     repeated AS (SELECT ticket_id, h, min(_row) AS first_row FROM file_rows GROUP BY ticket_id, h HAVING count(*) > 1)
     SELECT f._row, r.first_row FROM file_rows f JOIN repeated r USING (ticket_id, h) WHERE f._row > r.first_row`,
  );
  await tx.run(
    `INSERT INTO rejects
     SELECT _row, NULL, NULL, 'repeats row ' || (first_row + $first)::VARCHAR || ' exactly: imported once' FROM repeated_rows`,
    { first: firstRowNumber },
  );
  const [{ repeated }] = await tx.all<{ repeated: number }>('SELECT count(*)::INTEGER AS repeated FROM repeated_rows');
  await tx.run('DROP TABLE repeated_rows');

  const notes: string[] = [];
  if (repeated > 0) notes.push(`${repeated} row${repeated === 1 ? '' : 's'} repeated an earlier row exactly and ${repeated === 1 ? 'was' : 'were'} imported once (listed with the rejected rows)`);

  const valid = `norm_rows WHERE ticket_id IS NOT NULL AND _row NOT IN (SELECT _row FROM rejects)`;
  const rowsOf = (list: string) => `list_transform(list_sort(list_distinct(${list})), x -> (x + $first)::VARCHAR)`;
  const created = await tx.all<{ ticket_id: string; n: number; rows: string[]; total: number }>(
    `SELECT ticket_id, count(DISTINCT created_at)::INTEGER AS n, ${rowsOf('list(_row ORDER BY _row)')}[1:5] AS rows, (count(*) OVER ())::INTEGER AS total
     FROM ${valid} AND created_at IS NOT NULL GROUP BY ticket_id
     -- Where the creation time is each event's own time (a log with one time column), it differs by design.
     HAVING count(DISTINCT created_at) > 1 AND bool_or(event_at IS NULL OR created_at <> event_at)
     ORDER BY min(_row) LIMIT ${EXAMPLES}`,
    { first: firstRowNumber },
  );
  if (created.length) {
    const total = created[0].total;
    notes.push(`${total} ticket${total === 1 ? ' has' : 's have'} rows that give different creation times; the earliest was kept (${created.map((c) => `${c.ticket_id}: rows ${c.rows.join(', ')}`).join('; ')})`);
  }

  // One row per ticket is expected when the file has no events: several rows that differ are a conflict.
  const [{ events }] = await tx.all<{ events: number }>(`SELECT count(*)::INTEGER AS events FROM ${valid} AND event_at IS NOT NULL`);
  if (events === 0) {
    const present = ticketValueColumns.filter((c) => columns.includes(c));
    const differing = present.map((c) => `CASE WHEN count(DISTINCT ${c}) > 1 THEN '${c}' END`);
    const conflicts = await tx.all<{ ticket_id: string; rows: string[]; differ: string[]; total: number }>(
      `SELECT ticket_id, ${rowsOf('list(_row ORDER BY _row)')}[1:5] AS rows, list_filter([${differing.join(', ')}], x -> x IS NOT NULL) AS differ,
         (count(*) OVER ())::INTEGER AS total
       FROM ${valid} GROUP BY ticket_id
       HAVING count(*) > 1 AND len(list_filter([${differing.join(', ')}], x -> x IS NOT NULL)) > 0
       ORDER BY min(_row) LIMIT ${EXAMPLES}`,
      { first: firstRowNumber },
    );
    if (conflicts.length) {
      const total = conflicts[0].total;
      notes.push(
        `${total} ticket${total === 1 ? ' appears' : 's appear'} on several rows with different values; each value was taken from the last row that has one ` +
          `(${conflicts.map((c) => `${c.ticket_id}: rows ${c.rows.join(', ')} differ in ${c.differ.join(', ')}`).join('; ')})`,
      );
    }
  }
  return { repeatedRows: repeated, notes };
}
