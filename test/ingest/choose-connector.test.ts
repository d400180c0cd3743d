import { describe, expect, it } from 'vitest';
import { chooseConnector } from '#ingest/choose-connector.ts';

// A ServiceNow incident list: detected as ServiceNow unless a mapping says otherwise.
const sample = { fileName: 'incidents.csv', headers: ['number', 'opened_at', 'sys_updated_on', 'assignment_group'] };

describe('chooseConnector with a mapping', () => {
  it("says a mapping file was given for `--mapping`", () => {
    const choice = chooseConnector(sample, { hasMapping: true });
    expect(choice.connector.name).toBe('generic');
    expect(choice.reason).toBe('generic: a mapping file was given');
  });

  it('says the columns were confirmed when they come from the upload page, where no file is given', () => {
    const choice = chooseConnector(sample, { hasMapping: true, mappingOrigin: 'confirmed' });
    expect(choice.connector.name).toBe('generic');
    expect(choice.reason).toBe('generic: the columns you confirmed');
  });

  it('detects ServiceNow without a mapping', () => {
    expect(chooseConnector(sample, {}).connector.name).toBe('servicenow');
  });
});
