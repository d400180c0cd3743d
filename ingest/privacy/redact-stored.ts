/**
 * The privacy step for rows written straight into the canonical tables rather than
 * through an import's staging (the synthetic district): the same text redaction an import
 * applies (emails, listed names, student and staff ids, phone numbers: redact.ts), and no
 * text at all for tickets marked sensitive (unless asked to keep it, redacted). Run inside the transaction that wrote the rows,
 * for one import's rows. What a newcomer sees in the demo is then what a district's own
 * import would show.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { readPrivacy } from './policy.ts';
import { buildTextRedaction, FREE_TEXT_KINDS } from './redact.ts';

export interface StoredRedactionOptions {
  /**
   * Clear sensitive tickets' text, as an import does (default). The synthetic district keeps
   * it, redacted: its ground truth counts redirects that only a resolution text names.
   */
  clearSensitive?: boolean;
}

export async function redactStoredRows(tx: ConnectionQueries, importId: number, options: StoredRedactionOptions = {}): Promise<void> {
  const policy = await readPrivacy(tx);
  const r = buildTextRedaction(policy);
  const params = { ...r.params, import_id: importId };
  const clear = options.clearSensitive ?? true;
  const text = (column: string) => (clear ? `CASE WHEN sensitive THEN NULL ELSE ${r.sql(column, ['requester'])} END` : r.sql(column, ['requester']));
  await tx.run(
    `UPDATE tickets SET subject = ${text('subject')},
       description = ${policy.dropDescriptions ? 'NULL' : text('description')},
       resolution_text = ${text('resolution_text')}
     WHERE import_id = $import_id`,
    params,
  );
  await tx.run(
    `UPDATE ticket_events e SET detail = ${clear ? `CASE WHEN t.sensitive THEN NULL ELSE ${r.sql('e.detail', ['e.actor'])} END` : r.sql('e.detail', ['e.actor'])}
     FROM tickets t
     WHERE e.import_id = $import_id AND e.kind IN ${FREE_TEXT_KINDS} AND t.source = e.source AND t.ticket_id = e.ticket_id`,
    params,
  );
}
