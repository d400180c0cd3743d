/**
 * What a result was measured on: a timing is only comparable with others from the same
 * kind of machine, the same code and a similar load.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  duckdb: string;
  gitCommit: string;
  gitDirty: boolean;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT version() AS v');
    return String(reader.getRowObjectsJS()[0].v);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function machineInfo(root: string): Promise<MachineInfo> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux: os.cpus() is the best there is
  }
  return {
    cpuModel,
    cores: cpus().length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    duckdb: await duckdbVersion(),
    gitCommit: git(['rev-parse', 'HEAD'], root),
    gitDirty: git(['status', '--porcelain', '--untracked-files=no'], root) !== '',
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  };
}
