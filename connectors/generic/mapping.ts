/**
 * The generic connector's mapping file: which source column holds which field, and how
 * to read the file. Parsing returns errors as values so the CLI and the upload page can
 * show every problem at once.
 */
import { EVENT_KINDS, type EventKind } from '#core/model.ts';
import { GENERIC_FIELDS, type GenericField } from './field-names.ts';

export interface GenericMapping {
  /** Name of the ticket system, stored with every ticket ('generic' when not given). */
  source: string;
  /** Field -> source column name. */
  fields: Partial<Record<GenericField, string>>;
  delimiter?: string;
  /** 'iso' or a strptime format such as '%d/%m/%Y %H:%M'; detected per file when absent. */
  dateFormat?: string;
  /** Zone of wall-clock times in the file; the district's zone when absent. */
  timeZone?: string;
  defaultLandingDepartment?: string;
  /** Exact activity values -> event kind; anything else goes through the default rules. */
  activityKinds?: Record<string, EventKind>;
  /** Activity values that are automated (rule executions, auto-acknowledgements). */
  automatedActivities?: string[];
  /** Values that mean missing, besides the empty string. */
  missingValues?: string[];
  /** The sheet of an .xlsx workbook to read; the first visible sheet when absent. */
  sheet?: string;
  /** Detected mappings: each time field's own format (connectors/generic/value-kinds.ts). */
  dateFormats?: Partial<Record<GenericField, string>>;
  /** Detected mappings: the file's shape (connectors/generic/column-roles.ts). */
  shape?: 'events' | 'tickets_previous_group' | 'tickets_reassignment_count' | 'snapshot';
  /** Detected mappings: what the reassignment count counts (stations = hops + 1). */
  countIs?: 'reassignments' | 'stations';
  /** Detected mappings: a changed-field log, whose rows with a new group are assignments (stage-detected.ts). */
  changeLog?: boolean;
}

export interface MappingResult {
  value?: GenericMapping;
  errors: string[];
}

export function parseMapping(json: unknown, fileName = 'mapping file'): MappingResult {
  const errors: string[] = [];
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { errors: [`${fileName}: expected a JSON object with a "fields" object`] };
  }
  const raw = json as Record<string, unknown>;
  const fields: Partial<Record<GenericField, string>> = {};
  if (!raw.fields || typeof raw.fields !== 'object') errors.push(`${fileName}: "fields" must be an object of field -> column name`);
  else {
    for (const [field, column] of Object.entries(raw.fields as Record<string, unknown>)) {
      if (!(GENERIC_FIELDS as readonly string[]).includes(field)) {
        errors.push(`${fileName}: unknown field "${field}" in "fields"; known fields are ${GENERIC_FIELDS.join(', ')}`);
      } else if (typeof column !== 'string' || column === '') {
        errors.push(`${fileName}: field "${field}" must name a column (a non-empty string)`);
      } else fields[field as GenericField] = column;
    }
    if (!fields.ticket_id) errors.push(`${fileName}: "fields.ticket_id" is required (the column holding the ticket or case id)`);
  }
  const str = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') errors.push(`${fileName}: "${key}" must be a non-empty string`);
    return typeof v === 'string' ? v : undefined;
  };
  const activityKinds = raw.activityKinds as Record<string, string> | undefined;
  if (activityKinds !== undefined) {
    for (const [activity, kind] of Object.entries(activityKinds)) {
      if (!(EVENT_KINDS as readonly string[]).includes(kind)) {
        errors.push(`${fileName}: activityKinds["${activity}"] is "${kind}"; use one of ${EVENT_KINDS.join(', ')}`);
      }
    }
  }
  const list = (key: string): string[] | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) errors.push(`${fileName}: "${key}" must be a list of strings`);
    return v as string[];
  };
  const mapping: GenericMapping = {
    source: str('source') ?? 'generic',
    fields,
    delimiter: str('delimiter'),
    dateFormat: str('dateFormat'),
    timeZone: str('timeZone'),
    defaultLandingDepartment: str('defaultLandingDepartment'),
    activityKinds: activityKinds as Record<string, EventKind> | undefined,
    automatedActivities: list('automatedActivities'),
    missingValues: list('missingValues'),
    sheet: str('sheet'),
  };
  return errors.length ? { errors } : { value: mapping, errors };
}
