/**
 * The generic connector: any delimited or JSON event log or ticket list. Without a mapping
 * file it decides each column's role from names and values (column-roles.ts) and asks when
 * unsure (stage-detected.ts); with one it reads the columns the file names
 * (stage-generic.ts). It is the fallback when no vendor connector recognises a file.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { namedFields } from './column-roles.ts';
import type { ColumnMatch } from './field-names.ts';
import { stageDetected } from './stage-detected.ts';
import { stageGeneric } from './stage-generic.ts';

export const genericConnector: Connector = {
  name: 'generic',
  label: 'Any event log or ticket list (CSV or JSON), columns detected',
  stagesBoundedRows: true,
  columnMatches(_headers, mapping) {
    // Detected matches need the values: the staging gives them (StageResult.columnMatches).
    if (!mapping) return [];
    return Object.entries(mapping.fields).map(([field, column]) => ({ field: field as ColumnMatch['field'], column: column!, reason: 'from the mapping file' }));
  },
  detect(sample: FileSample) {
    // JSON: every array's first record (the records may be the second array, after a sideloaded one).
    const records = [sample.firstRecord ?? {}, ...Object.values(sample.firstRecords ?? {})];
    const names = sample.headers ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
    if (!sample.headers && names.length < 2) return { score: 0, reason: 'no records' };
    // One column on line 1 may be a title above the header (a report or spreadsheet saved as CSV).
    if (names.length < 2) return { score: 0.05, reason: 'one column on the first line: the header may be further down' };
    // Names alone only rank this fallback; the staging reads the values and asks when unsure.
    const fields = namedFields(names);
    if (!fields.includes('ticket_id')) return { score: 0, reason: 'no column looks like a ticket id (ticket, case, request, number, id...)' };
    const time = fields.some((f) => f === 'created_at' || f === 'event_at');
    return { score: time ? 0.3 : 0.1, reason: `columns named like ${fields.join(', ')}` };
  },
  async stage(tx, options) {
    if (!options.mapping) {
      return stageDetected(tx, {
        filePath: options.filePath, fileName: options.fileName, districtTimeZone: options.districtTimeZone,
        format: options.format, answers: options.answers, sampleRows: options.sampleRows,
      });
    }
    const staged = await stageGeneric(tx, { ...options, mapping: options.mapping });
    return {
      rowsRead: staged.rowsRead,
      source: staged.mapping.source,
      defaultLandingDepartment: staged.mapping.defaultLandingDepartment,
      dateFormat: staged.dateFormat,
      notes: staged.notes,
    };
  },
};
