/**
 * `switchboard export --format parquet|csv|arrow|xlsx --to DIR`: the canonical tables
 * (pseudonymised as stored), the per-ticket facts and every report table, for analysts'
 * tools, with a data dictionary. See docs/exports.md.
 */
import { dbPath, oneOf, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { DATASETS } from '#analysis/export/datasets.ts';
import { EXPORT_FORMATS, ExportError, exportDatasets } from '#analysis/export/write-export.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard export --to DIR [--format parquet|csv|arrow|xlsx] [--dataset NAME]... [--db FILE]

Writes each dataset as one file in DIR (new or empty), with data-dictionary.csv (every
column's type and meaning) and manifest.json (row counts). Default format: parquet.
Datasets: ${DATASETS.map((d) => d.name).join(', ')}.
Settings, accounts and rejected rows are never exported. Stop the server first.`;

const command: Command = {
  summary: 'write the tables, facts and report tables as Parquet, CSV, Arrow or XLSX',
  usage,
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, dataset: { type: 'string', multiple: true } });
    if (!values.to) throw new UsageError('--to DIR is required');
    const format = oneOf('--format', values.format, EXPORT_FORMATS, 'parquet');
    const db = await Database.open(dbPath(values.db));
    try {
      const manifest = await exportDatasets(db, values.to, { format, datasets: values.dataset });
      for (const d of manifest.datasets) console.log(`${d.dataset.padEnd(24)} ${String(d.rows).padStart(10)} rows  ${d.file ?? '(no rows: no file)'}`);
      console.log(`exported ${manifest.datasets.length} datasets as ${format} to ${values.to} (see data-dictionary.csv)`);
      return 0;
    } catch (e) {
      if (e instanceof ExportError) {
        console.error(`switchboard export: ${e.message}`);
        return 1;
      }
      throw e;
    } finally {
      await db.close();
    }
  },
};
export default command;
