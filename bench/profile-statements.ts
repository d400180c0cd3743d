/**
 * Where a CLI command spends its time, statement by statement: wraps the one class every
 * query goes through (ConnectionQueries) with a timer, runs the command through the CLI's
 * own entry point, then prints the slowest statements and the time spent outside SQL
 * (hashing, reading, JavaScript). A diagnostic for a missed target, not part of the bench.
 *
 *   npx tsx bench/profile-statements.ts ingest FILE --db fresh.duckdb
 *   npx tsx bench/profile-statements.ts report --db db.duckdb --format json
 *   EXPLAIN='ticket_facts' npx tsx bench/profile-statements.ts report ...   also prints
 *     DuckDB's EXPLAIN ANALYZE of the query inside each SELECT or CREATE ... AS statement
 *     whose text matches the pattern (run once more, before the real statement)
 */
import { ConnectionQueries } from '#core/db/database.ts';
import { main } from '#cli/main.ts';

interface Timed {
  sql: string;
  ms: number;
}

const timings: Timed[] = [];
const plans: string[] = [];
const explain = process.env.EXPLAIN ? new RegExp(process.env.EXPLAIN) : null;
const allQuery = ConnectionQueries.prototype.all;
for (const method of ['run', 'all'] as const) {
  const original = ConnectionQueries.prototype[method] as (this: ConnectionQueries, ...args: unknown[]) => Promise<unknown>;
  (ConnectionQueries.prototype as unknown as Record<string, unknown>)[method] = async function (this: ConnectionQueries, ...args: unknown[]) {
    const sql = String(args[0]);
    const query = sql.replace(/^\s*CREATE\s+(OR\s+REPLACE\s+)?(TEMP|TEMPORARY)?\s*TABLE\s+\S+\s+AS\s+/i, '');
    if (explain && explain.test(sql) && /^\s*(WITH|SELECT)\b/i.test(query)) {
      const plan = (await allQuery.call(this, `EXPLAIN ANALYZE ${query}`, args[1] as never)) as { explain_value?: string }[];
      plans.push(plan.map((r) => r.explain_value ?? JSON.stringify(r)).join('\n'));
    }
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      timings.push({ sql: String(args[0]).replace(/\s+/g, ' ').trim(), ms: performance.now() - started });
    }
  };
}

const argv = process.argv.slice(2);
const writeStdout = process.stdout.write.bind(process.stdout);
let stdoutBytes = 0;
// The command's own output (a report can be megabytes) is counted, not printed.
process.stdout.write = ((chunk: string | Uint8Array) => {
  stdoutBytes += chunk.length;
  return true;
}) as typeof process.stdout.write;
const started = performance.now();
const code = await main(argv);
const totalMs = performance.now() - started;
process.stdout.write = writeStdout;

const sqlMs = timings.reduce((a, t) => a + t.ms, 0);
const lines = [
  `switchboard ${argv.join(' ')}: exit ${code}, ${(totalMs / 1000).toFixed(2)} s in all, ${(sqlMs / 1000).toFixed(2)} s in ${timings.length} statements, ${((totalMs - sqlMs) / 1000).toFixed(2)} s outside SQL; ${stdoutBytes} bytes of output`,
  '',
  '| ms | share | statement |',
  '|---:|---:|---|',
  ...[...timings]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Number(process.env.TOP ?? 15))
    .map((t) => `| ${t.ms.toFixed(0)} | ${((t.ms / totalMs) * 100).toFixed(1)} % | \`${t.sql.slice(0, 160).replaceAll('|', '\\|')}\` |`),
];
console.log(lines.join('\n'));
for (const plan of plans) console.log(`\n\`\`\`\n${plan}\n\`\`\``);
