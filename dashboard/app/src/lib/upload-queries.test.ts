import { describe, expect, it } from 'vitest';
import { mappingFrom } from './upload-queries.ts';

describe('mappingFrom', () => {
  it('keeps the mapped fields and names the source', () => {
    expect(mappingFrom(' districtdesk ', { ticket_id: 'Case ID', subject: '', created_at: 'Opened' })).toEqual({
      source: 'districtdesk',
      fields: { ticket_id: 'Case ID', created_at: 'Opened' },
    });
    expect(mappingFrom('', {}).source).toBe('generic');
  });
});
