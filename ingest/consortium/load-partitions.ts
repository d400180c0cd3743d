/**
 * Builds one database from many districts' partitioned exports (analysis/export/
 * partitioned.ts), read with DuckDB's hive partitioning, so every figure, page and report
 * works on the consortium as on one district. What keeps districts apart:
 * - a ticket's source becomes `DISTRICT/source`, so the source filter is the district
 *   filter and (source, ticket_id) stays unique;
 * - groups become `DISTRICT / group`, since two districts' "Help Desk" are two teams;
 * - imports are numbered anew, in district order;
 * - departments and request types keep their names: they are what districts compare.
 * Where districts disagree on a request type's declared owner or a department's hourly
 * rate, the consortium keeps the most common owner (ties alphabetical) and the mean rate,
 * and says so in its notes. All of it in one transaction, into an empty database.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConnectionQueries, Database } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quotePathLiteral } from '#core/sql/quote.ts';

export interface ConsortiumLoad {
  districts: string[];
  tickets: number;
  events: number;
  notes: string[];
}

/** A group name as `DISTRICT / group` (the row's `district` column, or `x.district` in a join). */
const prefixed = (column: string) => {
  const d = column.startsWith('x.') ? 'x.district' : 'district';
  return `CASE WHEN ${column} IS NULL THEN NULL ELSE ${d} || ' / ' || ${column} END`;
};

function source(dir: string, table: string): string {
  return `read_parquet(${quotePathLiteral(join(dir, table, '**', '*.parquet'))}, hive_partitioning = true, hive_types = {'district': VARCHAR}, union_by_name = true)`;
}

async function conflicts(tx: ConnectionQueries, sql: string): Promise<string[]> {
  return (await tx.all<{ note: string }>(sql)).map((r) => r.note);
}

export async function loadConsortium(db: Database, dir: string): Promise<ConsortiumLoad> {
  const root = resolve(dir);
  for (const table of ['imports', 'tickets', 'ticket_events']) {
    if (!existsSync(join(root, table))) throw new ImportError('SB_ERR_UNREADABLE', `${dir} has no ${table}/ folder; copy each district's 'switchboard export --partitioned' output into it`);
  }
  const has = (table: string) => existsSync(join(root, table));
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
    if (n > 0) throw new ImportError('SB_ERR_UNREADABLE', 'a consortium is built into an empty database; choose a new --db file');
    await tx.run(
      `CREATE TEMP TABLE consortium_imports AS
       SELECT row_number() OVER (ORDER BY district, import_id)::INTEGER AS new_id, district, import_id AS old_id, * EXCLUDE (district, import_id)
       FROM ${source(root, 'imports')}`,
    );
    await tx.run(
      `INSERT INTO imports BY NAME
       SELECT * EXCLUDE (new_id, old_id, district, source), new_id AS import_id, district || '/' || source AS source FROM consortium_imports`,
    );
    // DuckDB has no setval: the sequence is advanced past the new ids, so a later import gets a fresh one.
    await tx.run("SELECT max(nextval('import_ids')) FROM range((SELECT count(*) FROM imports))");
    const fromDistricts = (table: string) =>
      `FROM ${source(root, table)} x JOIN consortium_imports m ON m.district = x.district AND m.old_id = x.import_id`;
    await tx.run(
      `INSERT INTO tickets BY NAME
       SELECT x.* EXCLUDE (district, month, source, import_id), x.district || '/' || x.source AS source, m.new_id AS import_id
       ${fromDistricts('tickets')}`,
    );
    await tx.run(
      `INSERT INTO ticket_events BY NAME
       SELECT x.* EXCLUDE (district, month, source, import_id, group_before, group_after, actor_group),
              x.district || '/' || x.source AS source, m.new_id AS import_id,
              ${prefixed('x.group_before')} AS group_before, ${prefixed('x.group_after')} AS group_after, ${prefixed('x.actor_group')} AS actor_group
       ${fromDistricts('ticket_events')}`,
    );
    if (has('groups')) await tx.run(`INSERT INTO groups SELECT DISTINCT ${prefixed('group_name')} FROM ${source(root, 'groups')}`);
    if (has('group_departments')) {
      await tx.run(`INSERT INTO group_departments SELECT ${prefixed('group_name')}, department FROM ${source(root, 'group_departments')}`);
    }
    const notes: string[] = [];
    if (has('request_type_owners')) {
      notes.push(...(await conflicts(tx,
        `SELECT 'request type ' || request_type || ': districts declare ' || string_agg(DISTINCT department, ' and ' ORDER BY department) || '; the most common is kept' AS note
         FROM ${source(root, 'request_type_owners')} GROUP BY request_type HAVING count(DISTINCT department) > 1 ORDER BY request_type`)));
      await tx.run(
        `INSERT INTO request_type_owners
         SELECT request_type, arg_max(department, weight) FROM (
           SELECT request_type, department, count(*) * 1000000 - rank() OVER (PARTITION BY request_type ORDER BY department) AS weight
           FROM ${source(root, 'request_type_owners')} GROUP BY request_type, department)
         GROUP BY request_type`,
      );
    }
    if (has('departments')) {
      notes.push(...(await conflicts(tx,
        `SELECT 'department ' || department || ': hourly rates differ by district; their mean is used' AS note
         FROM ${source(root, 'departments')} GROUP BY department HAVING count(DISTINCT hourly_rate) > 1 ORDER BY department`)));
      await tx.run(`INSERT INTO departments SELECT department, avg(hourly_rate) FROM ${source(root, 'departments')} GROUP BY department`);
    }
    const districts = (await tx.all<{ district: string }>('SELECT DISTINCT district FROM consortium_imports ORDER BY 1')).map((r) => r.district);
    const [counts] = await tx.all<{ tickets: number; events: number }>(
      'SELECT (SELECT count(*) FROM tickets)::INTEGER AS tickets, (SELECT count(*) FROM ticket_events)::INTEGER AS events',
    );
    await tx.run('DROP TABLE consortium_imports');
    return { districts, tickets: counts.tickets, events: counts.events, notes };
  });
}
