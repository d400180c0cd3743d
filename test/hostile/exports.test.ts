/**
 * Formula cells (=HYPERLINK, +cmd, -2+3, @SUM) are stored as given, and every CSV the
 * project writes neutralises them with a leading quote: the rejected-rows CSV and the
 * report tables of the API, and the CLI's --rejects file. A mapping file that is not JSON
 * is refused by the CLI before the database is opened, naming the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { useApp } from '../helpers/app.ts';
import { tableChecksums } from './snapshot.ts';

const CORPUS = join(import.meta.dirname, 'corpus');
const ROOT = join(import.meta.dirname, '..', '..');
const formulaCsv = readFileSync(join(CORPUS, 'formula-subjects.csv'), 'utf8');
const SUBJECTS = [
  '=HYPERLINK("http://evil.test","How do I reset my password?")',
  "+cmd|' /C calc'!A0 how do I open the gradebook?",
  '-2+3 how do I print report cards?',
  "@SUM(1+1)*cmd|' /C calc'!A0 where is the bus schedule?",
];
const REJECTED_VALUE = '=HYPERLINK("http://evil.test")';

/** How a neutralised cell reads in RFC 4180 CSV: a leading quote, quoted when needed. */
const neutralised = (v: string) => {
  const s = `'${v}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
/** Cells of CSV text that a spreadsheet would run: a field starting with = + - @, bare or quoted. */
const liveFormulas = (csv: string) => csv.split(/\r?\n/).flatMap((line) => line.match(/(^|,)"?[=+\-@][^,]*/g) ?? []);

function multipart(fileName: string, text: string) {
  const boundary = '----switchboard-hostile-boundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('formula cells in the API exports', () => {
  const { app, db } = useApp(async (d) => {
    await d.run("INSERT INTO group_departments VALUES ('IT Service Desk', 'Technology')");
  });

  it('stores them as given, and the rejects CSV and report CSV neutralise every one', async () => {
    const up = await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('formula-subjects.csv', formulaCsv) });
    expect(up.statusCode).toBe(201);
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.json().upload.id } });
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({ ticketsImported: 4, rowsRejected: 1 });
    expect(summary.rejects).toEqual([expect.objectContaining({ row: 6, column: 'created_at', value: REJECTED_VALUE })]);

    const stored = await db().all<{ subject: string }>('SELECT subject FROM tickets ORDER BY ticket_id');
    expect(stored.map((r) => r.subject)).toEqual(SUBJECTS);

    const rejects = await app().inject({ method: 'GET', url: `/api/imports/${summary.importId}/rejects.csv` });
    expect(rejects.statusCode).toBe(200);
    const [header, row] = rejects.body.split('\r\n');
    expect(header).toBe('row,column,value,reason');
    expect(row.startsWith(`6,created_at,${neutralised(REJECTED_VALUE)},`)).toBe(true);
    expect(liveFormulas(rejects.body)).toEqual([]);

    const gaps = await app().inject({ method: 'GET', url: '/api/report/answer_gaps.csv' });
    expect(gaps.statusCode).toBe(200);
    // Each subject asks a question of its own, so each is its theme's only example.
    for (const subject of SUBJECTS) expect(gaps.body).toContain(`,${neutralised(subject)},`);
    expect(liveFormulas(gaps.body)).toEqual([]);
  });
});

describe('the CLI', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['bin/switchboard.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('writes --rejects with formulas neutralised, and refuses a mapping file of bad JSON leaving the database as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-hostile-cli-'));
    const dbPath = join(dir, 'district.duckdb');
    const rejectsPath = join(dir, 'rejects.csv');
    const ok = cli(['ingest', join(CORPUS, 'formula-subjects.csv'), '--db', dbPath, '--rejects', rejectsPath]);
    expect(ok.stderr).toMatch(/formula-subjects\.csv/);
    expect(ok.status).toBe(0);
    const written = readFileSync(rejectsPath, 'utf8');
    expect(written.split('\n')[1].startsWith(`formula-subjects.csv,6,created_at,${neutralised(REJECTED_VALUE)},`)).toBe(true);
    expect(liveFormulas(written)).toEqual([]);

    const snapshot = async () => {
      const db = await Database.open(dbPath);
      try {
        return await tableChecksums(db);
      } finally {
        db.close();
      }
    };
    const before = await snapshot();
    const bad = cli(['ingest', join(CORPUS, 'mapped.csv'), '--db', dbPath, '--mapping', join(CORPUS, 'bad-json.mapping.json')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/bad-json\.mapping\.json: .*JSON/);
    expect(await snapshot()).toEqual(before);
  });
});
