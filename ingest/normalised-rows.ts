/**
 * The hand-off between connectors and the ingest. A connector fills the temp table
 * `norm_rows` (one row per source row, columns below) and adds unreadable rows to
 * `rejects`; this module then writes tickets and events into the canonical tables in
 * set-based SQL, so bulk rows never pass through JavaScript.
 *
 * norm_rows: _row BIGINT (0-based row in the file), ticket_id, created_at, resolved_at,
 * closed_at (TIMESTAMPTZ), status, category, subcategory, channel, location, subject,
 * description, requester, resolution_code, resolution_text, knowledge_article (VARCHAR),
 * sensitive BOOLEAN, event_at TIMESTAMPTZ, event_order VARCHAR (the source's own
 * sequence), event_kind, group_before, group_after, actor, actor_group (VARCHAR),
 * automated BOOLEAN, event_detail VARCHAR; and, when several staged rows come from one
 * file row (a vendor's update row gives an assignment and a status change), `_key`: each
 * staged row's own number (connectors/kit/norm-rows.ts).
 */
import type { ConnectionQueries, Queryable } from '#core/db/database.ts';
import { personNameKeySql, privacySql } from './privacy/redact.ts';
import { pseudonymSql } from './privacy/pseudonym.ts';
import { dropStagingTables, withInstanceSetting } from '#core/db/staging-tables.ts';
import { usedParams } from '#core/sql/used-params.ts';
import { reportDuplicateRows } from './duplicate-rows.ts';

export const REJECTS_DDL =
  'CREATE OR REPLACE TEMP TABLE rejects (_row BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR)';

/** The ticket columns that take their last non-empty value in the file. */
const TICKET_VALUE_COLUMNS = [
  'resolved_at', 'closed_at', 'status', 'category', 'subcategory', 'channel', 'location', 'subject', 'description',
  'requester', 'resolution_code', 'resolution_text', 'knowledge_article',
] as const;

export interface LoadCounts {
  ticketsImported: number;
  ticketsNew: number;
  eventsImported: number;
  rowsRejected: number;
  /** What the rows said of each other: repeats set aside, contradictions resolved (ingest/duplicate-rows.ts). */
  notes: string[];
}

/**
 * Keyed pseudonym of a person's name or address: HMAC-SHA256 with the per-install key
 * (ingest/install-key.ts), built in SQL by ingest/privacy/pseudonym.ts.
 */
export { pseudonymSql } from './privacy/pseudonym.ts';

export async function loadNormalisedRows(
  tx: ConnectionQueries,
  options: {
    source: string;
    importId: number;
    pseudonymKey: string;
    /**
     * Every norm_rows row has a number of its own: its `_key` when norm_rows has one (a
     * vendor's staged rows, several from one file row), else its `_row` (the generic
     * connector's file rows). Lets the tickets and the events' seq be computed in bounded
     * memory, and faster: per ticket and column the last row number, not `arg_max` of text.
     * Unset: true when norm_rows has `_key` (every vendor connector, kit/norm-rows.ts);
     * false forces the plain statements (test/ingest/vendor-bounded-rows.test.ts compares both).
     */
    uniqueRows?: boolean;
    /** The database, to set an instance-wide setting back through when the transaction has failed. */
    db?: Queryable;
    /** The number the file shows for staged row 0 (after its header and title rows), for the notes. */
    firstRowNumber?: number;
  },
): Promise<LoadCounts> {
  const { source, importId, pseudonymKey } = options;
  // Each staged row's own number, for the bounded statements below: the last value of a
  // column is still the one on the latest file row (`_row`), ties broken by this number.
  const normColumns = await tx.all<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE norm_rows)`);
  const key = normColumns.some((c) => c.name === '_key') ? '_key' : '_row';
  const uniqueRows = options.uniqueRows ?? key === '_key';
  const lastRowWith = (c: string) =>
    key === '_row' ? `max(_row) FILTER (WHERE ${c} IS NOT NULL)` : `arg_max(_key, (_row, _key)) FILTER (WHERE ${c} IS NOT NULL)`;
  // A ticket needs a creation instant: its own, or its earliest event.
  await tx.run(`
    INSERT INTO rejects
    SELECT n._row, 'created_at', NULL, 'ticket ' || n.ticket_id || ' has no creation time and no dated event: map a created or timestamp column'
    FROM norm_rows n
    JOIN (SELECT ticket_id FROM norm_rows WHERE ticket_id IS NOT NULL GROUP BY ticket_id
          HAVING count(created_at) = 0 AND count(event_at) = 0) t USING (ticket_id)
    WHERE n._row NOT IN (SELECT _row FROM rejects)`);
  const duplicates = await reportDuplicateRows(tx, options.firstRowNumber ?? 2, TICKET_VALUE_COLUMNS);
  // A view, not a copy: the staged rows are read a few times below, each time only the
  // columns that statement needs, and never rewritten.
  await tx.run(`CREATE OR REPLACE TEMP VIEW valid_rows AS
    SELECT * FROM norm_rows WHERE ticket_id IS NOT NULL AND _row NOT IN (SELECT _row FROM rejects)`);
  // Redaction and sensitive-ticket rules apply inside the statements that store text, so
  // nothing unredacted is ever written (ingest/privacy/redact.ts).
  const privacy = await privacySql(tx);
  await tx.run(privacy.sensitiveTicketsSql);
  for (const sql of privacy.clearStoredSql) await tx.run(sql, { source });

  // Later rows are the more current view of a ticket, so each attribute takes its last
  // non-empty value: `arg_max` by row. With text (and {text, requester, actor} for
  // redaction) as its state over a million tickets it ran out of memory under the staging
  // limit, so when every staged row has its own number the grouping keeps only numbers:
  // per ticket and column, the last row where the column has a value. Those rows (about
  // one per ticket) are copied once, and each value joins from its row.
  const fromRows = {
    last: (c: string) => `arg_max(${c}, _row) FILTER (WHERE ${c} IS NOT NULL)`,
    // The row a text column's stored value comes from, with the names written on it (for redaction).
    pick: (c: string) => `arg_max({'v': ${c}, 'r': requester, 'a': actor}, _row) FILTER (WHERE ${c} IS NOT NULL)`,
    head: 'ticket_id, coalesce(min(created_at), min(event_at)) AS created_at, coalesce(bool_or(sensitive), false) AS sensitive',
    from: 'valid_rows GROUP BY ticket_id',
  };
  // Mostly a ticket's last row with any value has all of its values (an event log repeats
  // them on every row): those tickets join their one row; the others, one row per column.
  const fromLastRow = {
    last: (c: string) => `v.${c}`,
    pick: (c: string) => `{'v': v.${c}, 'r': v.requester, 'a': v.actor}`,
    head: 't.ticket_id, t.created_at, t.sensitive',
    from: 'ticket_rows t LEFT JOIN ticket_source_rows v ON v._row = t.r_last WHERE t.single_row',
  };
  const fromJoins = {
    last: (c: string) => `v_${c}.${c}`,
    pick: (c: string) => `{'v': v_${c}.${c}, 'r': v_${c}.requester, 'a': v_${c}.actor}`,
    head: 't.ticket_id, t.created_at, t.sensitive',
    from: `ticket_rows t ${TICKET_VALUE_COLUMNS.map((c) => `LEFT JOIN multi_row_sources v_${c} ON v_${c}._row = t.r_${c}`).join(' ')} WHERE NOT t.single_row`,
  };
  if (uniqueRows) {
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE ticket_rows AS
       SELECT *, r_last IS NULL OR (${TICKET_VALUE_COLUMNS.map((c) => `coalesce(r_${c}, r_last) = r_last`).join(' AND ')}) AS single_row
       FROM (
         SELECT *, greatest(${TICKET_VALUE_COLUMNS.map((c) => `r_${c}`).join(', ')}) AS r_last FROM (
           SELECT ${fromRows.head}, ${TICKET_VALUE_COLUMNS.map((c) => `${lastRowWith(c)} AS r_${c}`).join(', ')}
           FROM ${fromRows.from}))`,
    );
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE ticket_source_rows AS
       SELECT ${key} AS _row, ${[...TICKET_VALUE_COLUMNS, 'actor'].join(', ')} FROM norm_rows
       WHERE ${key} IN (SELECT DISTINCT r FROM (SELECT unnest([${TICKET_VALUE_COLUMNS.map((c) => `r_${c}`).join(', ')}]) AS r FROM ticket_rows) WHERE r IS NOT NULL)`,
    );
  }
  const [{ existing }] = await tx.all<{ existing: number }>(
    `SELECT count(*)::INTEGER AS existing FROM tickets WHERE source = $source AND ticket_id IN (SELECT DISTINCT ticket_id FROM valid_rows)`,
    { source },
  );
  // A later export may carry fewer columns than an earlier one (a case-attributes file
  // after an activity log): what it leaves empty keeps the stored value, never NULL. The
  // creation instant is the earliest known, so a ticket's open time from one file and its
  // first event from another agree on when it started.
  const keep = (c: string) => `${c} = coalesce(excluded.${c}, tickets.${c})`;
  const merged = (c: string) => `coalesce(excluded.${c}, tickets.${c})`;
  const sensitive = 's.ticket_id IS NOT NULL';
  const textColumns = ['subject', 'description', 'resolution_text'] as const;
  // None of the file's tickets is stored yet (a source's first import): nothing can
  // conflict, so a plain INSERT skips the upsert's lookup of a million keys.
  const insertTickets = ({ last, pick, head, from }: typeof fromRows) => {
    const sql = `INSERT INTO tickets BY NAME
     SELECT a.* EXCLUDE (subject_src, description_src, resolution_text_src, requester_src),
       ${textColumns.map((c) => `${privacy.ticketText(c, `a.${c}_src`, sensitive)} AS ${c}`).join(',\n       ')},
       rp.pseudonym AS requester
     FROM (
       SELECT $source AS source, $import_id AS import_id, ${head},
         ${last('resolved_at')} AS resolved_at, ${last('closed_at')} AS closed_at,
         ${last('status')} AS status, ${last('category')} AS category, ${last('subcategory')} AS subcategory,
         CASE WHEN ${last('category')} IS NULL THEN ${last('subcategory')}
              WHEN ${last('subcategory')} IS NULL THEN ${last('category')}
              ELSE ${last('category')} || ' / ' || ${last('subcategory')} END AS request_type,
         ${last('channel')} AS channel, ${last('location')} AS location,
         ${pick('subject')} AS subject_src, ${pick('description')} AS description_src,
         ${last('requester')} AS requester_src,
         ${last('resolution_code')} AS resolution_code, ${pick('resolution_text')} AS resolution_text_src,
         ${last('knowledge_article')} AS knowledge_article
       FROM ${from}
     ) a LEFT JOIN sensitive_tickets s USING (ticket_id) LEFT JOIN people rp ON rp.name = a.requester_src
     ${textColumns.map((c) => privacy.ticketTextJoin(c, `a.${c}_src`)).join(' ')}
     ${existing === 0 ? '' : `ON CONFLICT (source, ticket_id) DO UPDATE SET
       import_id = excluded.import_id, created_at = least(excluded.created_at, tickets.created_at),
       ${['resolved_at', 'closed_at', 'status', 'category', 'subcategory', 'channel', 'location', 'subject', 'description',
         'requester', 'resolution_code', 'resolution_text', 'knowledge_article'].map(keep).join(', ')},
       request_type = CASE WHEN ${merged('category')} IS NULL THEN ${merged('subcategory')}
            WHEN ${merged('subcategory')} IS NULL THEN ${merged('category')}
            ELSE ${merged('category')} || ' / ' || ${merged('subcategory')} END,
       sensitive = excluded.sensitive OR tickets.sensitive`}`;
    return tx.run(sql, { source, import_id: importId, ...usedParams(sql, privacy.params) });
  };
  // A few thousand people ask for and act on a million tickets: each name's keyed hash, and
  // whether it is redacted from text as a name, is computed once, for tickets' requesters
  // and events' actors alike.
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE people AS
     SELECT name, ${pseudonymSql('name')} AS pseudonym, ${personNameKeySql('name')} AS name_key FROM (
       SELECT DISTINCT name FROM (SELECT requester AS name FROM valid_rows UNION ALL SELECT actor FROM valid_rows) WHERE name IS NOT NULL)`,
    { pseudonym_key: pseudonymKey },
  );
  // Every row a ticket's stored text may come from.
  for (const sql of privacy.ticketTextRedactionsSql(uniqueRows ? 'ticket_source_rows' : 'valid_rows')) await tx.run(sql, privacy.params);
  if (!uniqueRows) await insertTickets(fromRows);
  else {
    await insertTickets(fromLastRow);
    // Few tickets, often none, take their values from several rows: the joins, one per
    // column, build on those tickets' rows alone (on all of them, the 13 hash tables of a
    // million rows each cost seconds even when nothing probes them).
    const [{ multi }] = await tx.all<{ multi: number }>('SELECT count(*)::INTEGER AS multi FROM ticket_rows WHERE NOT single_row');
    if (multi > 0) {
      await tx.run(
        `CREATE OR REPLACE TEMP TABLE multi_row_sources AS SELECT * FROM ticket_source_rows
         WHERE _row IN (SELECT unnest([${TICKET_VALUE_COLUMNS.map((c) => `r_${c}`).join(', ')}]) FROM ticket_rows WHERE NOT single_row)`,
      );
      await insertTickets(fromJoins);
    }
  }
  const [{ before }] = await tx.all<{ before: number }>(
    'SELECT count(*)::INTEGER AS before FROM ticket_events WHERE source = $source',
    { source },
  );
  // Events carry no id of their own in most exports, so an event is known by what it says:
  // its ticket, instant, kind, groups, actor and detail. The file's events are matched to
  // the stored ones as multisets (the second identical event in a file is new only if
  // fewer than two are stored), so re-importing an overlapping export adds only what is
  // new. A file row repeated exactly was set aside before (duplicate-rows.ts). New events take seq numbers
  // after the ticket's last stored one, in the file's order: time, then the source's own
  // sequence (numeric where it is a number), then file order.
  const identity = ['occurred_at', 'kind', 'group_before', 'group_after', 'actor', 'actor_group', 'detail'];
  const fileOrder = 'event_at, try_cast(event_order AS BIGINT) NULLS LAST, event_order NULLS LAST, _row';
  const isEvent = 'event_at IS NOT NULL AND event_kind IS NOT NULL';
  const eventColumns = `event_at AS occurred_at, event_kind AS kind, group_before, group_after,
       ap.pseudonym AS actor, actor_group, coalesce(automated, false) AS automated,
       ${privacy.eventDetail(sensitive)} AS detail`;
  const eventJoins = `LEFT JOIN sensitive_tickets s USING (ticket_id) LEFT JOIN people ap ON ap.name = valid_rows.actor
    LEFT JOIN people rq ON rq.name = valid_rows.requester ${privacy.eventDetailJoin('people', 'rq', 'ap')}`;
  const eventRows = `valid_rows ${eventJoins} WHERE ${isEvent}`;
  // Nothing of this source is stored yet (a first import): every event is new and its
  // seq is its place in the file's order, which is what the matching below gives too.
  if (before === 0 && !uniqueRows) {
    await tx.run(
      `INSERT INTO ticket_events BY NAME
       SELECT $source AS source, ticket_id, (row_number() OVER (PARTITION BY ticket_id ORDER BY ${fileOrder}))::INTEGER AS seq,
         ${eventColumns}, $import_id AS import_id
       FROM ${eventRows}`,
      { source, import_id: importId, ...privacy.params },
    );
  } else if (before === 0) {
    // A window over a million tickets' partitions ran out of memory under the staging
    // limit, so the seq comes from a sort, which spills: rows sorted by ticket and then
    // the file's order are inserted in that order (consecutive rowids, as the file's rows
    // are, see core/sql/file-order.ts), and an event's seq is its distance from its
    // ticket's first row, plus one. Only row numbers and ordering columns are sorted; the
    // event's text joins after.
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE event_order AS
       SELECT ${key} AS _row, ticket_id FROM valid_rows WHERE ${isEvent} ORDER BY ticket_id, ${fileOrder}${key === '_row' ? '' : ', _key'}`,
    );
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE event_seq AS
       SELECT o._row, (o.rowid - f.first_rowid + 1)::INTEGER AS seq
       FROM event_order o JOIN (SELECT ticket_id, min(rowid) AS first_rowid FROM event_order GROUP BY ticket_id) f USING (ticket_id)`,
    );
    await tx.run('DROP TABLE event_order');
    // The events' order in the table carries nothing (seq does), and keeping the file's
    // order held about 0.2 GB more than the memory limit counts at a million tickets.
    // The setting is the instance's: it is set back after, also when the insert fails.
    await withInstanceSetting(tx, options.db ?? tx, 'preserve_insertion_order', 'false', () =>
      tx.run(
        `INSERT INTO ticket_events BY NAME
         SELECT $source AS source, ticket_id, event_seq.seq, ${eventColumns}, $import_id AS import_id
         FROM valid_rows JOIN event_seq ON event_seq._row = valid_rows.${key} ${eventJoins} WHERE ${isEvent}`,
        { source, import_id: importId, ...privacy.params },
      ),
    );
    await tx.run('DROP TABLE event_seq');
  } else {
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE incoming_events AS
       SELECT ticket_id, ${eventColumns},
         row_number() OVER (PARTITION BY ticket_id ORDER BY ${fileOrder}) AS file_seq
       FROM ${eventRows}`,
      privacy.params,
    );
    await tx.run(
      `INSERT INTO ticket_events BY NAME
       WITH numbered AS (
         SELECT *, row_number() OVER (PARTITION BY ticket_id, ${identity.join(', ')} ORDER BY file_seq) AS occurrence
         FROM incoming_events
       ),
       stored AS (
         SELECT ticket_id, ${identity.join(', ')}, count(*) AS n FROM ticket_events
         WHERE source = $source AND ticket_id IN (SELECT DISTINCT ticket_id FROM incoming_events)
         GROUP BY ALL
       ),
       fresh AS (
         SELECT n.* FROM numbered n LEFT JOIN stored s ON n.ticket_id = s.ticket_id AND
           ${identity.map((c) => `n.${c} IS NOT DISTINCT FROM s.${c}`).join(' AND ')}
         WHERE n.occurrence > coalesce(s.n, 0)
       ),
       last_seq AS (
         SELECT ticket_id, max(seq) AS max_seq FROM ticket_events
         WHERE source = $source AND ticket_id IN (SELECT DISTINCT ticket_id FROM incoming_events) GROUP BY ticket_id
       )
       SELECT $source AS source, f.ticket_id,
         (coalesce(l.max_seq, 0) + row_number() OVER (PARTITION BY f.ticket_id ORDER BY f.file_seq))::INTEGER AS seq,
         f.occurred_at, f.kind, f.group_before, f.group_after, f.actor, f.actor_group, f.automated, f.detail,
         $import_id AS import_id
       FROM fresh f LEFT JOIN last_seq l USING (ticket_id)`,
      { source, import_id: importId },
    );
  }
  await tx.run(
    `INSERT INTO groups SELECT DISTINCT g FROM (
       SELECT group_after AS g FROM valid_rows UNION ALL SELECT group_before FROM valid_rows
       UNION ALL SELECT actor_group FROM valid_rows) WHERE g IS NOT NULL
     ON CONFLICT DO NOTHING`,
  );
  const [counts] = await tx.all<{ tickets: number; after: number; rejected: number }>(
    `SELECT (SELECT count(DISTINCT ticket_id) FROM valid_rows)::INTEGER AS tickets,
            (SELECT count(*) FROM ticket_events WHERE source = $source)::INTEGER AS after,
            (SELECT count(DISTINCT _row) FROM rejects)::INTEGER AS rejected`,
    { source },
  );
  // Before the commit, so the staged rows never become part of the file's schema.
  await dropStagingTables(tx);
  return {
    ticketsImported: counts.tickets,
    ticketsNew: counts.tickets - existing,
    eventsImported: counts.after - before,
    rowsRejected: counts.rejected,
    notes: duplicates.notes,
  };
}
