/**
 * The ServiceNow connector: an incident list or update log (CSV or JSON), or a sys_audit
 * export, recognised by their documented field names.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { matchHeaders } from '../kit/read-export.ts';
import type { ColumnMatch } from '../generic/field-names.ts';
import { AUDIT_ALIASES, AUDIT_AS_FIELD, INCIDENT_ALIASES, INCIDENT_AS_FIELD, shapeOf } from './fields.ts';
import { stageServiceNowFiles } from './stage-servicenow.ts';

export const serviceNowConnector: Connector = {
  name: 'servicenow',
  label: 'ServiceNow incidents, update log or sys_audit (CSV or JSON)',
  // Staged into the database file, each staged row with its own `_key` (kit/stage-shape.ts).
  stagesBoundedRows: true,
  columnMatches(headers) {
    const { shape } = shapeOf(headers);
    if (!shape) return [];
    const [aliases, asField] = shape === 'audit' ? [AUDIT_ALIASES, AUDIT_AS_FIELD] : [INCIDENT_ALIASES, INCIDENT_AS_FIELD];
    const matched = matchHeaders(headers, aliases as Record<string, string[]>);
    return Object.entries(matched).flatMap(([documented, column]): ColumnMatch[] => {
      const field = (asField as Record<string, ColumnMatch['field'] | undefined>)[documented];
      return field ? [{ field, column: column!, reason: `ServiceNow's ${documented}` }] : [];
    });
  },
  detect(sample: FileSample) {
    const names = sample.headers ?? Object.keys(sample.firstRecord ?? {});
    const { shape, columns } = shapeOf(names);
    if (shape === 'audit') return { score: 0.9, reason: `sys_audit columns ${columns.join(', ')}` };
    if (shape === 'incident') {
      return { score: Math.min(0.5 + 0.07 * columns.length, 0.9), reason: `ServiceNow incident columns ${columns.join(', ')}` };
    }
    return { score: 0, reason: 'no ServiceNow incident or sys_audit columns' };
  },
  stage(tx, options) {
    return stageServiceNowFiles(tx, [{ filePath: options.filePath, fileName: options.fileName }, ...(options.companionFiles ?? [])], {
      districtTimeZone: options.districtTimeZone,
      timeZone: options.mapping?.timeZone,
      dateFormat: options.dateFormat ?? options.mapping?.dateFormat,
    });
  },
};
