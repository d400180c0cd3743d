/**
 * Which connector reads a file: the one named (`--source NAME`), the generic one when a
 * mapping is given (a file, or the columns confirmed on the upload page), or the best-scoring one on the file's sample (`--source auto`).
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

export interface ChooseOptions {
  source?: string;
  hasMapping?: boolean;
  /**
   * Where the mapping came from: a mapping file (`--mapping`, the default), or the columns a
   * person confirmed on the upload page, which is no file at all.
   */
  mappingOrigin?: 'file' | 'confirmed';
}

export function chooseConnector(sample: FileSample, options: ChooseOptions): ConnectorChoice {
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
    const reason = options.mappingOrigin === 'confirmed' ? 'generic: the columns you confirmed' : 'generic: a mapping file was given';
    return { connector: generic, reason, candidates: detection.candidates };
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
