/**
 * The one handle on a Switchboard DuckDB file.
 *
 * DuckDB lets a single process open a file, so whoever opens it (the server, or a CLI
 * command when no server runs) holds it for its lifetime and closes it on exit. Reads go
 * through a small pool of connections (one per core, plus one), so concurrent dashboard
 * requests run side by side instead of queueing on one connection; each write transaction
 * gets a connection of its own so that a long import never interleaves with another
 * statement's BEGIN/COMMIT, and readers keep seeing the last committed state while it runs
 * (DuckDB's MVCC: an open transaction blocks no reader).
 *
 * Statements wait for a free connection here, in JavaScript, not inside the bindings: a
 * statement handed to the bindings occupies one of libuv's worker threads until it ends,
 * and a close must not race statements it cannot see. Closing therefore refuses new
 * statements, drops the waiting ones, interrupts the running ones and waits for them to
 * end before it closes the file (see `close`).
 *
 * Every value is a bound parameter. Results come back as plain objects with BIGINT and
 * HUGEINT turned into numbers in one place (JSON.stringify throws on bigint).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DuckDBInstance,
  LIST,
  listValue,
  timestampTZValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { runMigrations } from './migrate.ts';

export type Param = DuckDBValue | Date | readonly string[] | undefined;
export type Params = Param[] | Record<string, Param>;

/** JS values the bindings do not take directly: arrays become LISTs, Dates TIMESTAMPTZ. */
function bindValue(value: Param): DuckDBValue {
  if (value === undefined) return null;
  if (value instanceof Date) return timestampTZValue(BigInt(value.getTime()) * 1000n);
  if (Array.isArray(value)) return listValue(value as DuckDBValue[]);
  return value as DuckDBValue;
}

export function bindParams(params?: Params): DuckDBValue[] | Record<string, DuckDBValue> | undefined {
  if (!params) return undefined;
  if (Array.isArray(params)) return params.map(bindValue);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, bindValue(v)]));
}

/** Lists are lists of text: an empty one cannot tell DuckDB its item type by itself. */
export function bindTypes(params?: Params): DuckDBType[] | Record<string, DuckDBType | undefined> | undefined {
  if (!params) return undefined;
  const typeOf = (v: Param) => (Array.isArray(v) ? LIST(VARCHAR) : undefined);
  if (Array.isArray(params)) return params.map(typeOf) as DuckDBType[];
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeOf(v)]));
}
export type Row = Record<string, unknown>;

export interface Queryable {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  run(sql: string, params?: Params): Promise<void>;
  /**
   * Changes whenever a statement through this handle may have written (a handle that owns
   * its file sees every write): lets a reader skip re-checking what nothing has changed.
   */
  readonly generation?: number;
  /**
   * Runs `work` with every statement on one connection (a temporary table it creates stays
   * visible to it). A handle that is already one connection runs `work` on itself.
   */
  withConnection?<T>(work: (connection: Queryable) => Promise<T>): Promise<T>;
  /**
   * A write to a table that no figure reads (sign-in sessions): it leaves `generation` as
   * it is, so answers cached for the figures stay valid. Anything a figure may read must
   * go through `run` or a transaction.
   */
  runOutsideFigures?(sql: string, params?: Params): Promise<void>;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    const out: Row = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

export class ConnectionQueries implements Queryable {
  constructor(readonly connection: DuckDBConnection) {}

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    // Converted a chunk (2,048 rows) at a time between the chunks' fetches, so a large
    // answer leaves the event loop free in between: converting 385,000 flow rows at once
    // held a server's every other request, its page files too, for 0.7 s.
    const result = await this.connection.run(sql, bindParams(params), bindTypes(params));
    const rows: T[] = [];
    for await (const chunk of result.yieldRowObjectJs()) for (const r of chunk) rows.push(plain(r) as T);
    return rows;
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, bindParams(params), bindTypes(params));
  }
}

/** Read connections: one per core plus one, so a statement waiting on I/O leaves the cores busy. */
export const READ_CONNECTIONS = availableParallelism() + 1;

/** Raised for a statement asked of a database that is closing or closed. */
export class DatabaseClosedError extends Error {
  constructor(path: string) {
    super(`the database ${path} is closing: the statement was not run`);
    this.name = 'DatabaseClosedError';
  }
}

/** Idle read connections; callers wait in order when all are busy. */
class ConnectionPool {
  private readonly waiting: { resolve: (c: ConnectionQueries) => void; reject: (e: Error) => void }[] = [];
  private readonly idle: ConnectionQueries[];

  constructor(readonly connections: readonly ConnectionQueries[]) {
    this.idle = connections.slice();
  }

  async use<T>(work: (c: ConnectionQueries) => Promise<T>): Promise<T> {
    const connection = this.idle.pop() ?? (await new Promise<ConnectionQueries>((resolve, reject) => this.waiting.push({ resolve, reject })));
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next.resolve(connection);
      else this.idle.push(connection);
    }
  }

  /** Fails every caller still waiting for a connection. */
  dropWaiting(error: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}

/** Statements that only read; anything else through `all` may write (INSERT ... RETURNING). */
const READ_ONLY = /^\s*(SELECT|WITH|DESCRIBE|SHOW|EXPLAIN|PRAGMA|FROM)\b/i;

/**
 * DuckDB spills to `<file>.tmp` and removes what it wrote when it closes; a process killed
 * with -9 leaves them (gigabytes after a large import). Called once the file is locked.
 */
export function removeLeftoverSpillFiles(path: string): void {
  const dir = `${path}.tmp`;
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.startsWith('duckdb_temp')) rmSync(join(dir, name), { force: true });
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

/** How long `close` waits for interrupted statements to end before leaving them to the exit. */
const CLOSE_WAIT_MS = 10_000;

/**
 * The database holds password hashes and the pseudonym key, and DuckDB creates its file,
 * its write-ahead log and its temp files with the process's umask (0644 by default). A
 * process that opens a database file therefore creates everything private to its user
 * (files 0600, folders 0700) from then on. Worker threads cannot change the umask: there
 * the chmod after opening still covers the file itself.
 */
function keepFilesPrivate(): void {
  try {
    const before = process.umask(0o077);
    process.umask(before | 0o077);
  } catch {
    // ERR_WORKER_UNSUPPORTED_OPERATION
  }
}

export class Database implements Queryable {
  private closing: Promise<void> | null = null;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly writing = new Set<DuckDBConnection>();
  /** Statements handed to the bindings and not yet settled. */
  private readonly running = new Set<Promise<unknown>>();
  private writes = 0;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly readers: ConnectionPool,
  ) {}

  /** Opens (creating if needed) the file at `path`, or memory for ':memory:', and migrates it. */
  static async open(path: string): Promise<Database> {
    if (path !== ':memory:') {
      keepFilesPrivate();
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    }
    // DuckDB's allocator hands freed memory back to the system from a thread of its own:
    // without it, memory a statement had freed stayed in the process (a million-ticket
    // import peaked at 1,080 MiB against 867 MiB with it, in the same time).
    const instance = await DuckDBInstance.create(path, { allocator_background_threads: 'true' });
    // The file is locked to this process now, so spill files beside it are a killed process's.
    if (path !== ':memory:') removeLeftoverSpillFiles(path);
    const connections: ConnectionQueries[] = [];
    for (let i = 0; i < READ_CONNECTIONS; i++) {
      const connection = await instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      connections.push(new ConnectionQueries(connection));
    }
    // A file made before this process (or under another umask) is made private too.
    if (path !== ':memory:') for (const file of [path, `${path}.wal`]) if (existsSync(file)) chmodSync(file, 0o600);
    const db = new Database(path, instance, new ConnectionPool(connections));
    await runMigrations(db);
    return db;
  }

  get generation(): number {
    return this.writes;
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.countedIfWriting(sql, this.read((c) => c.all<T>(sql, params)));
  }

  run(sql: string, params?: Params): Promise<void> {
    return this.written(this.read((c) => c.run(sql, params)));
  }

  runOutsideFigures(sql: string, params?: Params): Promise<void> {
    return this.read((c) => c.run(sql, params));
  }

  withConnection<T>(work: (connection: Queryable) => Promise<T>): Promise<T> {
    return this.read((c) => {
      const tracked: Queryable = {
        all: <R = Row>(sql: string, params?: Params) => this.countedIfWriting(sql, this.track(c.all<R>(sql, params))),
        run: (sql, params) => this.written(this.track(c.run(sql, params))),
      };
      return work(tracked);
    }, false);
  }

  /** Runs `work` on a pooled read connection; `trackWork` false when `work` tracks its own statements. */
  private read<T>(work: (c: ConnectionQueries) => Promise<T>, trackWork = true): Promise<T> {
    if (this.closing) return Promise.reject(new DatabaseClosedError(this.path));
    return this.readers.use((c) => {
      if (this.closing) throw new DatabaseClosedError(this.path);
      return trackWork ? this.track(work(c)) : work(c);
    });
  }

  private track<T>(statement: Promise<T>): Promise<T> {
    this.running.add(statement);
    const forget = () => this.running.delete(statement);
    statement.then(forget, forget);
    return statement;
  }

  /** A statement through `all` counts as a write unless it only reads. */
  private countedIfWriting<T>(sql: string, statement: Promise<T>): Promise<T> {
    return READ_ONLY.test(sql) ? statement : this.written(statement);
  }

  /** Counts a possible write before and after it lands, so no reader keeps a view from during it. */
  private async written<T>(work: Promise<T>): Promise<T> {
    this.writes++;
    try {
      return await work;
    } finally {
      this.writes++;
    }
  }

  async connect(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    return connection;
  }

  /**
   * Runs `work` inside one transaction on a dedicated connection: all of it lands or none
   * of it does. Write transactions are queued so two imports never conflict on a row.
   */
  transaction<T>(work: (tx: ConnectionQueries) => Promise<T>, options: { rollback?: boolean } = {}): Promise<T> {
    const next = this.writeQueue.then(() => {
      if (this.closing) throw new DatabaseClosedError(this.path);
      return this.written(this.track(this.inTransaction(work, options)));
    });
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  private async inTransaction<T>(work: (tx: ConnectionQueries) => Promise<T>, options: { rollback?: boolean }): Promise<T> {
    const connection = await this.connect();
    this.writing.add(connection);
    const tx = new ConnectionQueries(connection);
    try {
      await tx.run('BEGIN TRANSACTION');
      const result = await work(tx);
      // A dry run does all the work and then discards it.
      await tx.run(options.rollback ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await tx.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.writing.delete(connection);
      connection.closeSync();
    }
  }

  /**
   * Closes the file. New statements are refused and waiting ones dropped; running ones are
   * interrupted (an unfinished import rolls back) and awaited before the file is closed,
   * because closing under a running statement blocks the calling thread until it ends.
   * With nothing running (a CLI command's end) it closes at once. A statement that ignores
   * its interrupt for `CLOSE_WAIT_MS` is left to the process exit: committed work is
   * already in DuckDB's write-ahead log, and nothing uncommitted survives a restart.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const error = new DatabaseClosedError(this.path);
    this.readers.dropWaiting(error);
    this.closing = this.running.size === 0 ? Promise.resolve(this.closeNow()) : this.closeWhenIdle();
    return this.closing;
  }

  /**
   * Interrupts the running statements without closing (Ctrl-C during an import: the import
   * rolls back and can still record that it stopped). Waits until they end or `CLOSE_WAIT_MS`.
   */
  async interruptRunning(): Promise<void> {
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (this.running.size > 0 && Date.now() < deadline) {
      for (const c of [...this.readers.connections.map((r) => r.connection), ...this.writing]) c.interrupt();
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  private async closeWhenIdle(): Promise<void> {
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (this.running.size > 0 && Date.now() < deadline) {
      // Interrupt again each round: a statement queued inside the bindings starts after the
      // first interrupt and must be stopped too.
      for (const c of [...this.readers.connections.map((r) => r.connection), ...this.writing]) c.interrupt();
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, 50))]);
    }
    if (this.running.size > 0) return;
    this.closeNow();
  }

  private closeNow(): void {
    for (const c of this.readers.connections) c.connection.closeSync();
    this.instance.closeSync();
  }
}
