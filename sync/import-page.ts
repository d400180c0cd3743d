/**
 * The pull's importer: a page's files go through the ingest's importFile with the source
 * forced to the vendor's file connector, so a pulled ticket is mapped by exactly the SQL
 * that maps the vendor's export. The cursor is saved through `withinTransaction`.
 */
import { importFile } from '#ingest/import-file.ts';
import type { PageImporter } from './run-pull.ts';

/** `timeZone`: the zone of the API's wall-clock values (ServiceNow display values); the district's when unset. */
export function pageImporter(options: { timeZone?: string } = {}): PageImporter {
  return async (db, filePaths, page) => {
    const [first, ...companions] = filePaths;
    const summary = await importFile(db, first, {
      source: page.connector,
      fileName: page.fileName,
      companionFiles: companions,
      withinTransaction: page.withinTransaction,
      // A mapping only to carry the zone: a named source keeps its own connector.
      mapping: options.timeZone ? { source: page.connector, fields: {}, timeZone: options.timeZone } : undefined,
    });
    return { status: summary.status, ticketsImported: summary.ticketsImported, eventsImported: summary.eventsImported };
  };
}
