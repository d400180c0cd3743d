/**
 * The Export page's data: which datasets and formats the server offers, and the download
 * address of each (a plain link: the browser saves the file the server streams).
 */
import { getJson } from './api';

export interface ExportOffer {
  datasets: { name: string; kind: 'table' | 'facts' | 'report' }[];
  formats: string[];
}

export function loadExportOffer(fetcher: typeof fetch): Promise<ExportOffer> {
  return getJson<ExportOffer>(fetcher, '/api/export');
}

export function downloadHref(dataset: string, format: string): string {
  return `/api/export/${encodeURIComponent(dataset)}?format=${encodeURIComponent(format)}`;
}

/** What each kind of dataset is, for the page's headings. */
export const KIND_LABELS: Record<ExportOffer['datasets'][number]['kind'], string> = {
  table: 'Tables as imported (pseudonymised and redacted)',
  facts: 'Per-ticket facts (paths, owner, misroutes, hours, cost)',
  report: 'Report tables (whole district)',
};
