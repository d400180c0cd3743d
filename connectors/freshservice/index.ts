/**
 * The Freshservice connector: a ticket CSV export, API tickets JSON, or API ticket
 * activities JSON, recognised by Freshservice's own columns and keys (Item Category,
 * Sub Category, department_id, responder_id, activities' actor and content).
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { shapeOf } from './fields.ts';
import { stageFreshserviceFiles } from './stage-freshservice.ts';

export const freshserviceConnector: Connector = {
  name: 'freshservice',
  label: 'Freshservice tickets (CSV export or API JSON) and ticket activities',
  detect(sample: FileSample) {
    const csv = !!sample.headers;
    const { shape, evidence } = shapeOf(sample.topLevelKeys ?? [], sample.headers ?? Object.keys(sample.firstRecord ?? {}), csv);
    if (!shape) return { score: 0, reason: 'no Freshservice ticket columns or activities' };
    // Above Zendesk's 0.9 for {"tickets"}: these keys are Freshservice's, not Zendesk's.
    const score = csv ? Math.min(0.5 + 0.06 * evidence.length, 0.9) : 0.95;
    return { score, reason: `Freshservice ${shape}: ${evidence.join(', ')}` };
  },
  stage(tx, options) {
    return stageFreshserviceFiles(tx, [{ filePath: options.filePath, fileName: options.fileName }, ...(options.companionFiles ?? [])], {
      districtTimeZone: options.districtTimeZone,
      timeZone: options.mapping?.timeZone,
      dateFormat: options.dateFormat ?? options.mapping?.dateFormat,
      automatedActors: options.mapping?.automatedActivities,
    });
  },
};
