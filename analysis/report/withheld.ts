/**
 * The "<5" marker: what a figure becomes when it is about fewer than five of another
 * department's tickets and the reader is a department head (dashboard/server's department
 * guard decides; this module only names the marker and formats around it). It is a plain
 * JSON string so every consumer (API, CSV, Markdown, the dashboard) shows the same text,
 * and a consumer that forgets to check it prints "<5" rather than a number.
 */
export const WITHHELD = '<5' as const;
export type Withheld = typeof WITHHELD;

/** A count or a figure derived from counts, as a reader may receive it. */
export type Figure = number | Withheld;

/** `T` with every number possibly withheld (deeply): the shape a guarded answer has. */
export type MaybeWithheld<T> = T extends number
  ? T | Withheld
  : T extends readonly (infer U)[]
    ? MaybeWithheld<U>[]
    : T extends object
      ? { [K in keyof T]: MaybeWithheld<T[K]> }
      : T;

export function isWithheld(value: unknown): value is Withheld {
  return value === WITHHELD;
}

/** The number, or `fallback` when withheld (for sorting and sizing; never for display). */
export function knownOr(value: Figure, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** Formats a figure with `format`, passing the marker through as it is. */
export function formatFigure<T extends number | null>(value: MaybeWithheld<T>, format: (x: T) => string): string {
  return isWithheld(value) ? WITHHELD : format(value as T);
}
