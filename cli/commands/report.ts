/**
 * `switchboard report`: the analysis as JSON, Markdown or CSV on standard output, or the
 * board's PDF (analysis/report/board-html.ts printed by the system Chromium) to a file.
 */
import { writeFileSync } from 'node:fs';
import { dbPath, oneOf, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { validateFilters } from '#analysis/filters/filters.ts';
import { buildReport, reportToCsv, reportToMarkdown, REPORT_TABLES } from '#analysis/report/report.ts';
import { buildDecisionSections, decisionSectionsToMarkdown } from '#analysis/report/decision-sections.ts';
import { loadBoardContext } from '#analysis/report/board-context.ts';
import { boardReportHtml } from '#analysis/report/board-html.ts';
import { ChromiumMissingError, printPdf } from '#dashboard/server/pdf/print-pdf.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard report [--db FILE] [--format json|md|csv|pdf] [--out FILE] [--table NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--department NAME] [--location NAME] [--request-type NAME] [--source NAME]

Prints the coordination analysis of the tickets in the database.
  --db FILE          database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --format FORMAT    json (default), md (a readable report), csv (one table, see --table)
                     or pdf (the report for the school board; needs Chromium, see docs/board-report.md)
  --out FILE         with --format pdf: the file to write (needed unless standard output is a pipe or file)
  --table NAME       with --format csv: ${REPORT_TABLES.join(', ')} (default: departments)
  --from, --to       calendar days in the district's zone, inclusive
  --department NAME  only tickets that passed through, first landed in, or are owned by this department
  --location NAME, --request-type NAME, --source NAME   only tickets with that attribute`;

const command: Command = {
  summary: 'print the analysis as JSON, Markdown or CSV, or write the board PDF',
  usage,
  async run(args) {
    const { values } = parse(args, {
      db: { type: 'string' }, format: { type: 'string' }, table: { type: 'string' }, out: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, department: { type: 'string' },
      location: { type: 'string' }, 'request-type': { type: 'string' }, source: { type: 'string' },
    });
    const format = oneOf('format', values.format, ['json', 'md', 'csv', 'pdf'] as const, 'json');
    if (values.out !== undefined && format !== 'pdf') throw new UsageError('--out goes with --format pdf; the other formats print to standard output');
    // PDF bytes on a terminal would be noise: a file, or a pipe or redirect.
    if (format === 'pdf' && values.out === undefined && process.stdout.isTTY) throw new UsageError('--format pdf needs --out FILE (or standard output sent to a file or pipe)');
    const table = oneOf('table', values.table, REPORT_TABLES, 'departments');
    const filters = Object.fromEntries(
      Object.entries({
        from: values.from, to: values.to, department: values.department,
        location: values.location, requestType: values['request-type'], source: values.source,
      }).filter(([, v]) => v !== undefined),
    );
    const errors = validateFilters(filters);
    if (errors.length) throw new UsageError(errors[0]);
    const db = await Database.open(dbPath(values.db));
    try {
      const settings = await readSettings(db);
      const report = await buildReport(db, filters, settings);
      if (format === 'pdf') {
        const decisions = await buildDecisionSections(db, filters, settings);
        const context = await loadBoardContext(db, filters, settings);
        let pdf: Buffer;
        try {
          pdf = await printPdf(boardReportHtml({ report, decisions, context }));
        } catch (e) {
          if (!(e instanceof ChromiumMissingError)) throw e;
          process.stderr.write(`switchboard report: ${e.message}\n`);
          return 1;
        }
        if (values.out !== undefined) {
          writeFileSync(values.out, pdf);
          process.stderr.write(`wrote ${values.out} (${pdf.length} bytes)\n`);
        } else process.stdout.write(pdf);
        return 0;
      }
      // JSON and Markdown also carry what to fix first, who routes and the outlook.
      const decisions = format === 'csv' ? null : await buildDecisionSections(db, filters, settings);
      const out =
        format === 'json'
          ? JSON.stringify({ ...report, ...decisions }, null, 2)
          : format === 'md'
            ? reportToMarkdown(report).replace('\n## Summary', `\n${decisionSectionsToMarkdown(decisions!, settings.cost.currency)}\n\n## Summary`)
            : reportToCsv(report, table);
      process.stdout.write(out + '\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};
export default command;
