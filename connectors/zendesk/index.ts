/**
 * The Zendesk connector: tickets, ticket audits, incremental ticket events and ticket
 * metrics as JSON, recognised by their wrapper keys or record keys.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { shapeOf } from './fields.ts';
import { stageZendeskFiles } from './stage-zendesk.ts';

export const zendeskConnector: Connector = {
  name: 'zendesk',
  label: 'Zendesk tickets, audits or ticket events (JSON)',
  detect(sample: FileSample) {
    if (sample.headers) return { score: 0, reason: 'Zendesk exports are JSON' };
    const { shape, reason } = shapeOf(sample.topLevelKeys ?? [], Object.keys(sample.firstRecord ?? {}));
    // Other helpdesks wrap their tickets in "tickets" too: Zendesk's carry its keys.
    const ticket = shape === 'tickets' ? sample.firstRecords?.tickets : undefined;
    if (ticket && !['via', 'requester_id', 'submitter_id', 'group_id', 'organization_id'].some((k) => k in ticket)) {
      return { score: 0, reason: '"tickets" records without Zendesk ticket keys (via, requester_id, group_id...)' };
    }
    // Metrics alone carry no ticket for this connector (it reads them beside tickets or audits).
    return shape ? { score: 0.9, reason: `Zendesk ${shape}: ${reason}`, ...(shape === 'ticket_metrics' ? { partial: true } : {}) } : { score: 0, reason };
  },
  stage(tx, options) {
    return stageZendeskFiles(tx, [{ filePath: options.filePath, fileName: options.fileName }, ...(options.companionFiles ?? [])], {
      districtTimeZone: options.districtTimeZone,
      timeZone: options.mapping?.timeZone,
      dateFormat: options.dateFormat ?? options.mapping?.dateFormat,
    });
  },
};
