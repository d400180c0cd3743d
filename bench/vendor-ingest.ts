/**
 * The bench's every-connector step: the synthetic district written as each vendor exports
 * it (fixtures/synthetic-district/vendor-exports, and a ServiceNow update log from
 * servicenow-update-log.ts), each export ingested into a fresh file database as one
 * import (bench/ingest-files.ts: a vendor's files with their companions), against DuckDB's
 * own read of the same files (bench/read-baseline.ts) as the limit.
 *
 * JSON vendors are measured at the size their APIs page through, capped (`jsonCap`,
 * 200,000 tickets by default): each is written as one wrapper object of every ticket,
 * larger than any page a pull reads.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureProcess, mustSucceed } from './measure-process.ts';
import { importPhases } from './import-phases.ts';
import { round } from './stats.ts';
import { writeServiceNowUpdateLog } from './servicenow-update-log.ts';
import { writeServiceNowExports } from '#fixtures/synthetic-district/vendor-exports/write-servicenow.ts';
import { writeZendeskExports } from '#fixtures/synthetic-district/vendor-exports/write-zendesk.ts';
import { writeJiraExports } from '#fixtures/synthetic-district/vendor-exports/write-jira.ts';
import { writeWhdExports } from '#fixtures/synthetic-district/vendor-exports/write-whd.ts';
import { writeFreshserviceExports } from '#fixtures/synthetic-district/vendor-exports/write-freshservice.ts';
import { writeIncidentIqExports } from '#fixtures/synthetic-district/vendor-exports/write-incident-iq.ts';

export interface VendorExport {
  /** The bench's name for the export: a connector, and its shape where it has several. */
  name: string;
  connector: string;
  /** Measured at most at the JSON cap (the size an API pages through). */
  json: boolean;
  write(dir: string, tickets: number): Promise<string[]>;
}

export const VENDOR_EXPORTS: VendorExport[] = [
  {
    name: 'servicenow-update-log', connector: 'servicenow', json: false,
    write: async (dir, tickets) => {
      const path = join(dir, 'incident-updates.csv');
      await writeServiceNowUpdateLog(path, { tickets });
      return [path];
    },
  },
  { name: 'servicenow-list-audit', connector: 'servicenow', json: false, write: async (dir, tickets) => (await writeServiceNowExports(dir, { tickets })).files },
  { name: 'freshservice', connector: 'freshservice', json: false, write: async (dir, tickets) => (await writeFreshserviceExports(dir, { tickets })).files },
  { name: 'incident-iq', connector: 'incident-iq', json: false, write: async (dir, tickets) => (await writeIncidentIqExports(dir, { tickets })).files },
  { name: 'zendesk', connector: 'zendesk', json: true, write: async (dir, tickets) => (await writeZendeskExports(dir, { tickets })).files },
  { name: 'jira', connector: 'jira', json: true, write: async (dir, tickets) => (await writeJiraExports(dir, { tickets })).files },
  { name: 'solarwinds-whd', connector: 'solarwinds-whd', json: true, write: async (dir, tickets) => (await writeWhdExports(dir, { tickets })).files },
];

export interface VendorResult {
  name: string;
  connector: string;
  json: boolean;
  tickets: number;
  files: { name: string; MiB: number }[];
  rowsRead: number;
  ticketsImported: number;
  eventsImported: number;
  ingest: { seconds: number; cpuSeconds: number | null; peakRssMiB: number | null; load1: number; phases: Record<string, number> };
  /** DuckDB's own read of the same files into a fresh file database. */
  read: { seconds: number; cpuSeconds: number | null; peakRssMiB: number | null; load1: number; rows: number };
  ingestVsRead: number;
}

const mib = (path: string) => statSync(path).size / 2 ** 20;

async function exportFiles(vendor: VendorExport, dataDir: string, tickets: number, log: (m: string) => void): Promise<string[]> {
  const dir = join(dataDir, `vendor-${vendor.name}-${tickets}`);
  const marker = join(dir, '.bench-complete.json');
  if (existsSync(marker)) {
    const files = JSON.parse(readFileSync(marker, 'utf8')) as string[];
    if (files.every((f) => existsSync(f))) return files;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`writing ${tickets} tickets as ${vendor.name} exports into ${dir}`);
  const files = await vendor.write(dir, tickets);
  writeFileSync(marker, JSON.stringify(files));
  return files;
}

export async function measureVendor(
  vendor: VendorExport,
  tickets: number,
  options: { root: string; checkout: string; dataDir: string; log: (m: string) => void },
): Promise<VendorResult> {
  const { root, checkout, dataDir, log } = options;
  const files = await exportFiles(vendor, dataDir, tickets, log);
  const dbDir = join(dataDir, `db-${vendor.name}-${tickets}`);
  rmSync(dbDir, { recursive: true, force: true });
  mkdirSync(dbDir, { recursive: true });
  for (const f of files) for await (const chunk of createReadStream(f, { highWaterMark: 1 << 22 })) void chunk;
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  // The script imports the code it measures relative to itself: run the measured tree's
  // own copy (a --commit snapshot's), the checkout's only for a commit that has none.
  const script = (name: string) => [join(root, 'bench', name), join(checkout, 'bench', name)].find((p) => existsSync(p))!;
  log(`ingest ${vendor.name}, ${tickets} tickets (${files.map((f) => `${mib(f).toFixed(0)} MiB`).join(' + ')})`);
  const ingest = mustSucceed(
    await measureProcess([tsx, script('ingest-files.ts'), join(dbDir, 'switchboard.duckdb'), ...files], { cwd: root }),
    `${vendor.name} ingest`,
  );
  const count = (label: string) => Number(new RegExp(`${label} (\\d+)`).exec(ingest.stderr)?.[1] ?? NaN);
  log(`DuckDB's own read of the ${vendor.name} files`);
  const read = mustSucceed(
    await measureProcess([tsx, script('read-baseline.ts'), join(dbDir, 'read.duckdb'), ...files], { cwd: root }),
    `${vendor.name} read baseline`,
  );
  rmSync(dbDir, { recursive: true, force: true });
  return {
    name: vendor.name,
    connector: vendor.connector,
    json: vendor.json,
    tickets,
    files: files.map((f) => ({ name: f.split('/').pop()!, MiB: round(mib(f), 1) })),
    rowsRead: count('rows read'),
    ticketsImported: count('tickets'),
    eventsImported: count('events'),
    ingest: {
      seconds: round(ingest.seconds), cpuSeconds: ingest.cpuSeconds === null ? null : round(ingest.cpuSeconds),
      peakRssMiB: ingest.peakRssMiB === null ? null : round(ingest.peakRssMiB, 0), load1: round(ingest.load1), phases: importPhases(ingest.stderr),
    },
    read: {
      seconds: round(read.seconds), cpuSeconds: read.cpuSeconds === null ? null : round(read.cpuSeconds),
      peakRssMiB: read.peakRssMiB === null ? null : round(read.peakRssMiB, 0), load1: round(read.load1),
      rows: (JSON.parse(read.stdout.trim().split('\n').pop()!) as { rows: number }).rows,
    },
    ingestVsRead: round(ingest.seconds / read.seconds),
  };
}

/** Markdown table of the vendor results. */
export function vendorTable(results: VendorResult[]): string {
  return [
    '| export | tickets | files | ingest | CPU | phases | peak RSS | DuckDB read | ingest / read | load |',
    '|---|---:|---|---:|---:|---|---:|---:|---:|---:|',
    ...results.map((r) =>
      `| ${r.name} | ${r.tickets.toLocaleString('en-US')} | ${r.files.map((f) => `${f.name} ${f.MiB} MiB`).join(' + ')} | ${r.ingest.seconds} s | ${r.ingest.cpuSeconds ?? '?'} s | ` +
      `${Object.entries(r.ingest.phases).map(([p, s]) => `${p} ${s}`).join(', ')} | ${r.ingest.peakRssMiB ?? '?'} MiB | ${r.read.seconds} s | ${r.ingestVsRead}x | ${r.ingest.load1} |`),
  ].join('\n');
}
