/**
 * The ServiceNow connector: an incident list or update log (CSV or JSON), or a sys_audit
 * export, recognised by their documented field names.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { shapeOf } from './fields.ts';
import { stageServiceNowFiles } from './stage-servicenow.ts';

export const serviceNowConnector: Connector = {
  name: 'servicenow',
  label: 'ServiceNow incidents, update log or sys_audit (CSV or JSON)',
  // Staged into the database file, each staged row with its own `_key` (kit/stage-shape.ts).
  stagesBoundedRows: true,
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
