/**
 * One percentage for a whole import job. DuckDB estimates the progress of the statement
 * that is running, so each phase, and each statement within it, starts again at 0: shown
 * as they come, the bar went from 33 % back to 0 % when staging gave way to writing. Each
 * phase gets a share of the bar, in the order the phases run, and the bar never goes back.
 */
import type { ImportProgress } from '#ingest/import-file.ts';

/** Where each phase starts and ends on the bar, 0-100. Staging and writing hold most of an import's time. */
export const PHASE_SPANS: Record<ImportProgress['phase'], readonly [number, number]> = {
  reading: [0, 5],
  staging: [5, 50],
  writing: [50, 90],
  committing: [90, 92],
  figures: [92, 99],
  done: [100, 100],
};

/**
 * The job's percentage after `progress`, never below `shown` (what the bar shows now, or
 * null before the first estimate). A phase without an estimate shows its start.
 */
export function overallPercent(shown: number | null, progress: Pick<ImportProgress, 'phase' | 'percent'>): number {
  const [start, end] = PHASE_SPANS[progress.phase];
  const within = progress.percent === null ? 0 : Math.min(100, Math.max(0, progress.percent));
  const overall = Math.round((start + ((end - start) * within) / 100) * 10) / 10;
  return Math.max(shown ?? 0, overall);
}
