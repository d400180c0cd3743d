/**
 * The generic connector: any delimited event log or ticket list, matched by column names
 * or mapped by a mapping file. It is the fallback when no vendor connector recognises a file.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { type ColumnMatch, matchColumns } from './field-names.ts';
import { stageGeneric } from './stage-generic.ts';

export const genericConnector: Connector = {
  name: 'generic',
  label: 'Generic event log or ticket list (CSV)',
  stagesBoundedRows: true,
  columnMatches(headers, mapping) {
    if (!mapping) return matchColumns(headers);
    return Object.entries(mapping.fields).map(([field, column]) => ({ field: field as ColumnMatch['field'], column: column!, reason: 'from the mapping file' }));
  },
  detect(sample: FileSample) {
    if (!sample.headers) return { score: 0, reason: 'not a delimited text file' };
    const fields = new Set(matchColumns(sample.headers).map((m) => m.field));
    if (!fields.has('ticket_id')) return { score: 0, reason: 'no column looks like a ticket id' };
    if (!fields.has('created_at') && !fields.has('event_at')) return { score: 0, reason: 'no column looks like a date' };
    return { score: 0.3, reason: `columns named like ${[...fields].join(', ')}` };
  },
  async stage(tx, options) {
    const staged = await stageGeneric(tx, options);
    return {
      rowsRead: staged.rowsRead,
      source: staged.mapping.source,
      defaultLandingDepartment: staged.mapping.defaultLandingDepartment,
      dateFormat: staged.dateFormat,
      notes: staged.notes,
    };
  },
};
