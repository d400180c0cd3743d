/**
 * Every file connector, for `--source NAME` and for detection (`--source auto`): each
 * connector scores a sample of the file, and the highest score wins, with its reason.
 * Vendor connectors score above the generic one when their columns or JSON shape match,
 * unless their detection is partial (a file they read only beside others).
 */
import type { Connector, FileSample } from './kit/connector.ts';
import { genericConnector } from './generic/index.ts';
import { serviceNowConnector } from './servicenow/index.ts';
import { zendeskConnector } from './zendesk/index.ts';
import { freshserviceConnector } from './freshservice/index.ts';
import { jiraConnector } from './jira/index.ts';
import { incidentIqConnector } from './incident-iq/index.ts';
import { solarwindsWhdConnector } from './solarwinds-whd/index.ts';

export const CONNECTORS: Connector[] = [genericConnector, serviceNowConnector, zendeskConnector,
  freshserviceConnector, jiraConnector, incidentIqConnector, solarwindsWhdConnector,
];

export function connectorByName(name: string): Connector | undefined {
  return CONNECTORS.find((c) => c.name === name);
}

export interface DetectionResult {
  connector?: Connector;
  reason: string;
  candidates: { name: string; score: number; reason: string }[];
}

export function detectConnector(sample: FileSample): DetectionResult {
  const candidates = CONNECTORS.map((c) => ({ name: c.name, ...c.detect(sample) })).sort((a, b) => b.score - a.score);
  // A detection that cannot read the file alone gives way to one that can.
  const best = candidates.find((c) => c.score > 0 && !c.partial) ?? candidates[0];
  if (!best || best.score <= 0) {
    return { reason: `${sample.fileName}: no connector recognises this file (${candidates.map((c) => `${c.name}: ${c.reason}`).join('; ')})`, candidates };
  }
  return { connector: connectorByName(best.name), reason: `${best.name}: ${best.reason}`, candidates };
}
