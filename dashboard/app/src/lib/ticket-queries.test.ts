import { describe, expect, it } from 'vitest';
import { ownerReasonText } from './ticket-queries.ts';

describe('ownerReasonText', () => {
  it('says why the owner is the owner', () => {
    expect(ownerReasonText({ ownerReason: 'resolver', ownerBasis: 'resolver' })).toBe('resolved it');
    expect(ownerReasonText({ ownerReason: 'resolver', ownerBasis: 'declared' })).toBe('resolved it; its request type has no declared owner');
    expect(ownerReasonText({ ownerReason: 'declared', ownerBasis: 'declared' }, 'Payroll')).toBe('declared owner of the request type Payroll');
    expect(ownerReasonText({ ownerReason: 'redirect', ownerBasis: 'resolver' })).toBe('named by its "submit elsewhere" resolution');
  });
});
