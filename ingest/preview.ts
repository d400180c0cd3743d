/**
 * What an import would do, without doing it: for the upload page's confirmation screen.
 * It samples the file as an import would (encoding, delimiter, header, first rows),
 * chooses the connector with its reason and the other candidates' scores, and for the
 * generic connector shows which column feeds which field. The connector then stages the
 * first rows in a private in-memory database, to show the date format it would choose.
 * Nothing is written anywhere: the person's database is not even opened.
 */
import { basename } from 'node:path';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { chooseConnector } from './choose-connector.ts';
import { prepareFile } from '#file-input/prepare-file.ts';
import type { TextEncoding } from '#file-input/encoding.ts';
import { REJECTS_DDL } from './normalised-rows.ts';
import type { ColumnMatch } from '#connectors/generic/field-names.ts';
import type { GenericMapping } from '#connectors/generic/mapping.ts';
import type { GenericField } from '#connectors/generic/field-names.ts';
import type { Question, Shape } from '#connectors/generic/column-roles.ts';

/** Rows the preview stages to choose a date format; the import decides on all of them. */
export const PREVIEW_STAGE_ROWS = 10_000;
export const PREVIEW_ROWS = 20;

export interface PreviewOptions {
  source?: string;
  mapping?: GenericMapping;
  /** Column answers (field -> column, '' = none), as `--field` gives them. */
  answers?: Partial<Record<GenericField, string>>;
  fileName?: string;
  /** The district's zone for wall-clock times; the default setting when absent. */
  timeZone?: string;
}

export interface FilePreview {
  fileName: string;
  connector: string;
  reason: string;
  candidates: { name: string; score: number; reason: string }[];
  format: 'csv' | 'json';
  encoding: TextEncoding;
  delimiter?: string;
  headers: string[];
  /** Generic connector only: which column feeds which field (the mapping's, or detected from names and values). */
  columnMatches: ColumnMatch[];
  /** What the import would ask before writing (one per field it is unsure of), with the candidate columns. */
  questions: Question[];
  /** The file's shape, when the connector recognised one. */
  shape?: Shape;
  /** The first rows as text, in header order (CSV). */
  rows: string[][];
  /** The date format the import would use, with why, when the connector chooses one. */
  dateFormat?: string;
  /** Everything the sampling and staging said (encoding, delimiter, date format...). */
  notes: string[];
}

export async function previewFile(path: string, options: PreviewOptions = {}): Promise<FilePreview> {
  const fileName = options.fileName ?? basename(path);
  // The same reading as the import: a mapping's delimiter, and for a workbook its sheet.
  const file = await prepareFile(path, fileName, { delimiter: options.mapping?.delimiter, sheet: options.mapping?.sheet });
  try {
    const choice = chooseConnector(file.sample, { source: options.source, hasMapping: !!options.mapping });
    const headers = file.sample.headers ?? Object.keys(file.sample.firstRecord ?? {});
    const columnMatches = choice.connector.columnMatches?.(headers, options.mapping) ?? [];
    const db = await Database.open(':memory:');
    try {
      const staged = await db.transaction(
        async (tx) => {
          await tx.run(REJECTS_DDL);
          return choice.connector.stage(tx, {
            filePath: file.path, fileName, mapping: options.mapping, districtTimeZone: options.timeZone ?? DEFAULT_SETTINGS.timeZone,
            delimiter: file.delimiter, format: file.format, sampleRows: PREVIEW_STAGE_ROWS, answers: options.answers,
          });
        },
        { rollback: true },
      );
      return {
        fileName, connector: choice.connector.name, reason: choice.reason, candidates: choice.candidates,
        format: file.format, encoding: file.encoding, delimiter: file.delimiter, headers,
        columnMatches: staged.columnMatches ?? columnMatches, questions: staged.questions ?? [], ...(staged.shape ? { shape: staged.shape } : {}),
        rows: file.rows.slice(0, PREVIEW_ROWS), dateFormat: staged.dateFormat, notes: [...file.notes, ...staged.notes],
      };
    } finally {
      db.close();
    }
  } finally {
    file.cleanup();
  }
}
