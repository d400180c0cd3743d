/**
 * The privacy step for rows written straight into the canonical tables rather than
 * through an import's staging (the synthetic district): the same text redaction an import
 * applies (emails, listed names, student and staff ids, phone numbers: redact.ts), and no
 * text at all for tickets marked sensitive. Run inside the transaction that wrote the rows,
 * for one import's rows. What a newcomer sees in the demo is then what a district's own
 * import would show.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { readPrivacy } from './policy.ts';
import { buildTextRedaction, FREE_TEXT_KINDS } from './redact.ts';

export async function redactStoredRows(tx: ConnectionQueries, importId: number): Promise<void> {
  const policy = await readPrivacy(tx);
  const r = buildTextRedaction(policy);
  const params = { ...r.params, import_id: importId };
  const text = (column: string) => `CASE WHEN sensitive THEN NULL ELSE ${r.sql(column, ['requester'])} END`;
  await tx.run(
    `UPDATE tickets SET subject = ${text('subject')},
       description = ${policy.dropDescriptions ? 'NULL' : text('description')},
       resolution_text = ${text('resolution_text')}
     WHERE import_id = $import_id`,
    params,
  );
  await tx.run(
    `UPDATE ticket_events e SET detail = CASE WHEN t.sensitive THEN NULL ELSE ${r.sql('e.detail', ['e.actor'])} END
     FROM tickets t
     WHERE e.import_id = $import_id AND e.kind IN ${FREE_TEXT_KINDS} AND t.source = e.source AND t.ticket_id = e.ticket_id`,
    params,
  );
}
