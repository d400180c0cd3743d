/**
 * The one handle on a Switchboard DuckDB file.
 *
 * DuckDB lets a single process open a file, so whoever opens it (the server, or a CLI
 * command when no server runs) holds it for its lifetime and closes it on exit. Reads go
 * through one shared connection; each write transaction gets a connection of its own so
 * that a long import never interleaves with another statement's BEGIN/COMMIT.
 *
 * Every value is a bound parameter. Results come back as plain objects with BIGINT and
 * HUGEINT turned into numbers in one place (JSON.stringify throws on bigint).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
    const reader = await this.connection.runAndReadAll(sql, bindParams(params), bindTypes(params));
    return reader.getRowObjectsJS().map((r) => plain(r) as T);
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, bindParams(params), bindTypes(params));
  }
}

export class Database implements Queryable {
  private closed = false;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly writing = new Set<DuckDBConnection>();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly reader: ConnectionQueries,
  ) {}

  /** Opens (creating if needed) the file at `path`, or memory for ':memory:', and migrates it. */
  static async open(path: string): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const db = new Database(path, instance, new ConnectionQueries(connection));
    await connection.run("SET TimeZone = 'UTC'");
    await runMigrations(db);
    return db;
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.reader.all<T>(sql, params);
  }

  run(sql: string, params?: Params): Promise<void> {
    return this.reader.run(sql, params);
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
    const next = this.writeQueue.then(async () => {
      const connection = await this.connect();
      this.writing.add(connection);
      const tx = new ConnectionQueries(connection);
      await tx.run('BEGIN TRANSACTION');
      try {
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
    });
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * Closes the file. Statements still running are interrupted first (an unfinished import
   * rolls back): closing under a running statement would wait on it, holding Ctrl-C.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of [this.reader.connection, ...this.writing]) connection.interrupt();
    this.reader.connection.closeSync();
    this.instance.closeSync();
  }
}
