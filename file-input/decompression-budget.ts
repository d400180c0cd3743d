/**
 * How far one compressed file may expand: every gzip stream a reader inflates goes through
 * `budgetCounter`, which counts the bytes that come out and fails the stream as soon as
 * they pass the budget. The budget is the smaller of a fixed ceiling and a ratio of the
 * compressed size (with a floor, so a small file of repeated values is never refused): a
 * real export compresses 5 to 30 times, a bomb thousands of times. The sizes a format
 * declares are never trusted; only the bytes counted while inflating are.
 *
 * A stream that passes its budget fails with `DecompressionBudgetError`, which says how
 * far it got; the caller names the file and what to do.
 */
import { Transform } from 'node:stream';

export interface DecompressionLimits {
  /** Inflated bytes never exceed this, whatever the compressed size. */
  maxBytes: number;
  /** Inflated / compressed bytes allowed once the inflated size passes `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_GZIP_LIMITS: DecompressionLimits = {
  maxBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024 ** 2,
};

/** Pure: the most bytes `compressedBytes` may inflate to. */
export function inflateBudget(compressedBytes: number, limits: DecompressionLimits): number {
  return Math.min(limits.maxBytes, Math.max(limits.ratioFloorBytes, limits.maxRatio * compressedBytes));
}

export class DecompressionBudgetError extends Error {
  constructor(
    readonly budget: number,
    readonly compressedBytes: number,
    readonly limits: DecompressionLimits,
  ) {
    super(
      budget < limits.maxBytes
        ? `expands past ${budget} bytes from ${compressedBytes} compressed bytes, more than ${limits.maxRatio} times; this looks like a compression bomb, not an export`
        : `expands to more than ${budget} bytes, the most one compressed file may hold; split the export or send it uncompressed`,
    );
    this.name = 'DecompressionBudgetError';
  }
}

/** A pass-through stream that fails once more than the budget of `compressedBytes` has gone through. */
export function budgetCounter(compressedBytes: number, limits: DecompressionLimits = DEFAULT_GZIP_LIMITS): Transform {
  const budget = inflateBudget(compressedBytes, limits);
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > budget) done(new DecompressionBudgetError(budget, compressedBytes, limits));
      else done(null, chunk);
    },
  });
}
