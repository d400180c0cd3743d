/**
 * Which connector reads a file: the one named (`--source NAME`), the generic one when a
 * mapping file is given, or the best-scoring one on the file's sample (`--source auto`).
 * Pure: it sees the sample, never the file. The reason is shown to the person importing,
 * so it says what was seen ("columns named like ticket_id, event_at...").
 */
import type { Connector, FileSample } from '#connectors/kit/connector.ts';
import { CONNECTORS, connectorByName, detectConnector } from '#connectors/registry.ts';
import { ImportError } from '#core/errors.ts';

export interface ConnectorChoice {
  connector: Connector;
  reason: string;
  candidates: { name: string; score: number; reason: string }[];
}

export function chooseConnector(sample: FileSample, options: { source?: string; hasMapping?: boolean }): ConnectorChoice {
  const source = options.source ?? 'auto';
  if (source !== 'auto') {
    const connector = connectorByName(source);
    if (!connector) {
      throw new ImportError('SB_ERR_UNKNOWN_SOURCE', `${sample.fileName}: there is no connector named '${source}'; use auto or one of ${CONNECTORS.map((c) => c.name).join(', ')}`);
    }
    return { connector, reason: `${connector.name}: chosen by name`, candidates: [] };
  }
  const detection = detectConnector(sample);
  if (options.hasMapping) {
    const generic = connectorByName('generic')!;
    return { connector: generic, reason: 'generic: a mapping file was given', candidates: detection.candidates };
  }
  if (!detection.connector) {
    const what = sample.headers
      ? `its columns are ${sample.headers.slice(0, 30).join(', ')}`
      : sample.topLevelKeys
        ? `its top-level keys are ${sample.topLevelKeys.slice(0, 30).join(', ')}`
        : sample.firstRecord
          ? `its records have keys ${Object.keys(sample.firstRecord).slice(0, 30).join(', ')}`
          : 'it holds no records';
    throw new ImportError(
      'SB_ERR_NOT_A_TICKET_EXPORT',
      `${sample.fileName}: is not a ticket export any connector recognises (${what}). ${detection.candidates.map((c) => `${c.name}: ${c.reason}`).join('; ')}. Choose a source, or give a mapping file`,
    );
  }
  return { connector: detection.connector, reason: `${detection.reason} (detected)`, candidates: detection.candidates };
}
