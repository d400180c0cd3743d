/**
 * The Incident IQ connector: the ticket export (CSV) or the API's ticket search
 * ({"Items": [...]}), and ticket activities, recognised by Incident IQ's own names
 * (TicketNumber with IssueCategoryName, AssignedToTeam, HasSensitiveInformation...).
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { shapeOf } from './fields.ts';
import { stageIncidentIqFiles } from './stage-incident-iq.ts';

export const incidentIqConnector: Connector = {
  name: 'incident-iq',
  label: 'Incident IQ tickets and ticket activities (CSV or API JSON)',
  detect(sample: FileSample) {
    const { shape, evidence } = shapeOf(sample.headers ?? Object.keys(sample.firstRecord ?? {}));
    if (!shape) return { score: 0, reason: 'no Incident IQ ticket or activity names' };
    return { score: Math.min(0.6 + 0.05 * evidence.length, 0.9), reason: `Incident IQ ${shape}: ${evidence.join(', ')}` };
  },
  stage(tx, options) {
    return stageIncidentIqFiles(tx, [{ filePath: options.filePath, fileName: options.fileName }, ...(options.companionFiles ?? [])], {
      districtTimeZone: options.districtTimeZone,
      timeZone: options.mapping?.timeZone,
      dateFormat: options.dateFormat ?? options.mapping?.dateFormat,
      automatedActors: options.mapping?.automatedActivities,
    });
  },
};
