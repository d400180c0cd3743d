/**
 * Streams a DuckDB query into Arrow record batches, column by column (the node bindings
 * have no Arrow export). Each column is first brought, in SQL, to a type Arrow reads
 * without a per-value conversion in JavaScript: numbers as DOUBLE (counts stay exact up to
 * 2^53), instants as epoch milliseconds in UTC, days as epoch days, text and booleans as
 * they are, and anything nested (lists, structs, JSON) as its JSON text.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  Bool, DateDay, Field, Float64, makeBuilder, RecordBatch, Schema, Struct, TimestampMillisecond, Utf8,
  type DataType, makeData,
} from 'apache-arrow';
import { bindParams, bindTypes, type Params } from '../db/database.ts';
import { quoteIdent } from '../sql/quote.ts';

export interface ColumnType {
  name: string;
  /** DuckDB's type name, as DESCRIBE or information_schema print it. */
  type: string;
}

type ArrowKind = 'float' | 'bool' | 'timestamp' | 'date' | 'text';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/;

export function arrowKindOf(duckdbType: string): ArrowKind {
  const t = duckdbType.toUpperCase();
  if (NUMERIC.test(t)) return 'float';
  if (t === 'BOOLEAN') return 'bool';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'DATE') return 'date';
  return 'text';
}

/** The select list that brings each column to its Arrow-ready SQL type (pure: tested as text). */
export function arrowReadySelect(columns: ColumnType[]): string {
  return columns
    .map(({ name, type }) => {
      const c = quoteIdent(name);
      const t = type.toUpperCase();
      switch (arrowKindOf(type)) {
        case 'float':
          return `${c}::DOUBLE AS ${c}`;
        case 'timestamp':
          return `epoch_ms(${c})::DOUBLE AS ${c}`;
        case 'date':
          return `(${c} - DATE '1970-01-01')::INTEGER AS ${c}`;
        case 'bool':
          return c;
        default:
          return t === 'VARCHAR' ? c : `to_json(${c})::VARCHAR AS ${c}`;
      }
    })
    .join(', ');
}

function arrowType(kind: ArrowKind): DataType {
  switch (kind) {
    case 'float':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'timestamp':
      return new TimestampMillisecond('UTC');
    case 'date':
      return new DateDay();
    default:
      return new Utf8();
  }
}

export function arrowSchema(columns: ColumnType[]): Schema {
  return new Schema(columns.map((c) => new Field(c.name, arrowType(arrowKindOf(c.type)), true)));
}

/** Rows per record batch: large enough for columnar readers, small enough to bound memory. */
export const BATCH_ROWS = 65_536;

/**
 * Runs `sql` (whose columns are `columns`) on `connection` and yields record batches of
 * up to BATCH_ROWS rows. `sql` must be the plain query; the Arrow-ready select wraps it.
 * `params` are bound as every other query binds them (positional or named, lists as text lists).
 */
export async function* arrowBatches(
  connection: DuckDBConnection,
  sql: string,
  columns: ColumnType[],
  params: Params = [],
): AsyncGenerator<RecordBatch> {
  const schema = arrowSchema(columns);
  const kinds = columns.map((c) => arrowKindOf(c.type));
  const result = await connection.stream(`SELECT ${arrowReadySelect(columns)} FROM (${sql}) AS q`, bindParams(params), bindTypes(params));
  let builders = schema.fields.map((f) => makeBuilder({ type: f.type, nullValues: [null, undefined] }));
  let rows = 0;
  const flush = (): RecordBatch => {
    const children = builders.map((b) => b.finish().flush());
    const data = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children });
    builders = schema.fields.map((f) => makeBuilder({ type: f.type, nullValues: [null, undefined] }));
    rows = 0;
    return new RecordBatch(schema, data);
  };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let i = 0; i < columns.length; i++) {
      const values = chunk.getColumnValues(i);
      const b = builders[i];
      if (kinds[i] === 'date') {
        // DateDay builders take Dates; the value is whole days since 1970-01-01.
        for (const v of values) b.append(v === null ? null : new Date(Number(v) * 86_400_000));
      } else {
        for (const v of values) b.append(v);
      }
    }
    rows += chunk.rowCount;
    if (rows >= BATCH_ROWS) yield flush();
  }
  if (rows > 0) yield flush();
}
