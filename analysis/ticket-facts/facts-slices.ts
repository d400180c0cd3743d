/**
 * The parts of the tickets a facts computation may be limited to: a hash slice, a range of
 * ticket ids (ticket-id-ranges.ts), or the tickets listed in a table (the ones an import
 * wrote). A condition over the tickets or events alias, and its bound parameters.
 */
import type { Param } from '#core/db/database.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { inTicketIdRange, ticketIdRangeParams, type TicketIdRange } from './ticket-id-ranges.ts';

/** One of `count` disjoint parts of the tickets (by a hash of their key), with their events. */
export interface FactsSlice {
  count: number;
  index: number;
}

/** The tickets listed in a table of (source, ticket_id): the ones an import touched. */
export interface ListedTickets {
  listedIn: string;
}

export type Slice = FactsSlice | TicketIdRange | ListedTickets;

export function sliceCondition(slice: Slice | undefined, alias: string): string {
  if (!slice) return '';
  if ('listedIn' in slice) {
    return ` AND EXISTS (SELECT 1 FROM ${quoteIdent(slice.listedIn)} k WHERE k.source = ${alias}.source AND k.ticket_id = ${alias}.ticket_id)`;
  }
  if ('count' in slice) {
    // UBIGINT on both sides: hash() is UBIGINT and a bound number is not, so DuckDB would
    // widen every row's hash to HUGEINT for the modulo, which cost seconds per slice at 1M.
    return ` AND hash(${alias}.source, ${alias}.ticket_id) % $slice_count::UBIGINT = $slice_index::UBIGINT`;
  }
  return inTicketIdRange(slice, alias);
}

export function sliceParams(slice: Slice | undefined): Record<string, Param> {
  if (!slice || 'listedIn' in slice) return {};
  if ('count' in slice) return { slice_count: slice.count, slice_index: slice.index };
  return ticketIdRangeParams(slice);
}
