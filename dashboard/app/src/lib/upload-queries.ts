/**
 * The upload page's calls: send the file (with byte progress), start the import as a job
 * and follow its progress, read and change the import history. The page calls these on a
 * person's actions; the components only render.
 */
import { getJson, sendJson, uploadFile } from './api.ts';
import type { ImportJob, ImportRow, ImportSummary, UploadResponse } from './types.ts';

export function sendUpload(file: File, onProgress: (sent: number, total: number) => void): Promise<UploadResponse> {
  return uploadFile<UploadResponse>('/api/imports/uploads', file, onProgress);
}

export function discardUpload(uploadId: string): Promise<null> {
  return sendJson<null>('DELETE', `/api/imports/uploads/${uploadId}`);
}

export interface ImportRequest {
  uploadId: string;
  source?: string;
  mapping?: { source: string; fields: Record<string, string> };
  /** The detection's questions answered, and any column the person changed: field -> column ('' = none). */
  answers?: Record<string, string>;
}

const POLL_MS = 250;

/** Starts the import and reports each progress state until it is done or failed. */
export async function runImport(request: ImportRequest, onProgress: (job: ImportJob) => void): Promise<ImportSummary> {
  const { jobId } = await sendJson<{ jobId: string }>('POST', '/api/imports/jobs', request);
  for (;;) {
    const job = await getJson<ImportJob>(fetch, `/api/imports/jobs/${jobId}`);
    onProgress(job);
    if (job.phase === 'done' && job.summary) return job.summary;
    if (job.phase === 'failed') throw new Error(job.error ?? 'The import failed.');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export async function loadImports(fetcher: typeof fetch): Promise<ImportRow[]> {
  return (await getJson<{ imports: ImportRow[] }>(fetcher, '/api/imports')).imports;
}

export function removeImport(importId: number): Promise<{ importId: number; ticketsRemoved: number; eventsRemoved: number }> {
  return sendJson('DELETE', `/api/imports/${importId}`);
}

/** The mapping as the person confirmed it: field -> column, unmapped fields left out. */
export function mappingFrom(source: string, fields: Record<string, string>): { source: string; fields: Record<string, string> } {
  return { source: source.trim() || 'generic', fields: Object.fromEntries(Object.entries(fields).filter(([, c]) => c)) };
}

export const PHASE_LABELS: Record<string, string> = {
  reading: 'Reading the file',
  staging: 'DuckDB is reading the rows',
  writing: 'Writing tickets and events',
  committing: 'Saving',
  figures: 'Updating the figures',
  done: 'Done',
  failed: 'Failed',
};
