/**
 * The SolarWinds Web Help Desk connector: ra/Tickets JSON (style=details) or the ticket
 * report CSV, recognised by reportDateUtc, problemtype, statustype, techGroupLevel, or the
 * Request Type and Tech Group columns.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { shapeOf } from './fields.ts';
import { stageWhdFiles } from './stage-whd.ts';

export const solarwindsWhdConnector: Connector = {
  name: 'solarwinds-whd',
  label: 'SolarWinds Web Help Desk tickets (ra/Tickets JSON or CSV report)',
  detect(sample: FileSample) {
    const csv = !!sample.headers;
    const { ok, evidence } = shapeOf(sample.headers ?? Object.keys(sample.firstRecord ?? {}), csv);
    if (!ok) return { score: 0, reason: 'no Web Help Desk ticket names' };
    return { score: Math.min(0.6 + 0.08 * evidence.length, 0.9), reason: `Web Help Desk tickets: ${evidence.join(', ')}` };
  },
  stage(tx, options) {
    return stageWhdFiles(tx, [{ filePath: options.filePath, fileName: options.fileName }, ...(options.companionFiles ?? [])], {
      districtTimeZone: options.districtTimeZone,
      timeZone: options.mapping?.timeZone,
      dateFormat: options.dateFormat ?? options.mapping?.dateFormat,
    });
  },
};
