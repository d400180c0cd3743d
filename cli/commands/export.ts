/**
 * `switchboard export --format parquet|csv|arrow|xlsx --to DIR`: the canonical tables
 * (pseudonymised as stored), the per-ticket facts and every report table, for analysts'
 * tools, with a data dictionary. See docs/exports.md.
 */
import { dbPath, oneOf, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { DATASETS } from '#analysis/export/datasets.ts';
import { EXPORT_FORMATS, ExportError, exportDatasets } from '#analysis/export/write-export.ts';
import { exportPartitioned } from '#analysis/export/partitioned.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard export --to DIR [--format parquet|csv|arrow|xlsx] [--dataset NAME]... [--db FILE]
       switchboard export --partitioned --district NAME --to DIR [--db FILE]

Writes each dataset as one file in DIR (new or empty), with data-dictionary.csv (every
column's type and meaning) and manifest.json (row counts). Default format: parquet.
Datasets: ${DATASETS.map((d) => d.name).join(', ')}.
Settings, accounts and rejected rows are never exported. Stop the server first.

--partitioned writes the canonical tables as Parquet under DIR/TABLE/district=NAME/
(tickets and events also by month=YYYY-MM), for a consortium of districts: copy every
district's folders together and run 'switchboard consortium --from DIR'.`;

const command: Command = {
  summary: 'write the tables, facts and report tables as Parquet, CSV, Arrow or XLSX',
  usage,
  async run(args) {
    const { values } = parse(args, {
      db: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, dataset: { type: 'string', multiple: true },
      partitioned: { type: 'boolean' }, district: { type: 'string' },
    });
    if (!values.to) throw new UsageError('--to DIR is required');
    if (values.partitioned && !values.district) throw new UsageError('--partitioned needs --district NAME (the folder name of this district)');
    if (values.partitioned && (values.format || values.dataset)) throw new UsageError('--partitioned writes the canonical tables as Parquet; drop --format and --dataset');
    const format = oneOf('format', values.format, EXPORT_FORMATS, 'parquet');
    const db = await Database.open(dbPath(values.db));
    try {
      if (values.partitioned) {
        const counts = await exportPartitioned(db, values.to, values.district!);
        for (const [table, n] of Object.entries(counts)) console.log(`${table.padEnd(24)} ${String(n).padStart(10)} rows`);
        console.log(`exported district '${values.district}' to ${values.to}, partitioned by district and month`);
        return 0;
      }
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
