import { describe, expect, it } from 'vitest';
import { ariaSort, nextSort, ownerReasonText, readScope, ticketsCsvHref, ticketsHref, viewQuery } from './ticket-queries.ts';

describe('ownerReasonText', () => {
  it('says why the owner is the owner', () => {
    expect(ownerReasonText({ ownerReason: 'resolver', ownerBasis: 'resolver' })).toBe('resolved it');
    expect(ownerReasonText({ ownerReason: 'resolver', ownerBasis: 'declared' })).toBe('resolved it; its request type has no declared owner');
    expect(ownerReasonText({ ownerReason: 'declared', ownerBasis: 'declared' }, 'Payroll')).toBe('declared owner of the request type Payroll');
    expect(ownerReasonText({ ownerReason: 'redirect', ownerBasis: 'resolver' })).toBe('named by its "submit elsewhere" resolution');
  });
});

describe('the list state in the URL', () => {
  const p = (q: string) => new URLSearchParams(q);

  it('reads search, sort, page and size, with defaults for what is missing or wrong', () => {
    expect(readScope(p('q=%20printer%20&sort=hops&dir=asc&page=3&size=25'))).toMatchObject({ q: 'printer', sort: 'hops', dir: 'asc', page: 3, size: 25 });
    expect(readScope(p(''))).toMatchObject({ q: undefined, sort: undefined, dir: undefined, page: 1, size: 50 });
    expect(readScope(p('sort=subject;DROP&dir=up&page=-2&size=7'))).toMatchObject({ sort: undefined, dir: undefined, page: 1, size: 50 });
    // An old link's offset lands on its page.
    expect(readScope(p('offset=100')).page).toBe(3);
  });

  it('writes links with the filters first, leaving out page 1 and the default size', () => {
    const params = p('to=2024-09-30&from=2024-09-01&q=printer&page=4');
    expect(ticketsHref(params, { ...readScope(params), page: 2 })).toBe('/tickets?from=2024-09-01&to=2024-09-30&q=printer&page=2');
    expect(ticketsHref(params, { ...readScope(params), page: 1, size: 100 })).toBe('/tickets?from=2024-09-01&to=2024-09-30&q=printer&size=100');
    expect(ticketsHref(params, {})).toBe('/tickets?from=2024-09-01&to=2024-09-30');
  });

  it('asks the API for the page as limit and offset, and for the CSV without them', () => {
    const params = p('department=Payroll&q=printer&sort=ticket&dir=asc&page=3&size=25');
    expect(ticketsCsvHref(params)).toBe('/api/tickets/csv?department=Payroll&q=printer&sort=ticket&dir=asc');
    expect(viewQuery(params)).toBe('department=Payroll&q=printer&sort=ticket&dir=asc&size=25');
    expect(viewQuery(p(''))).toBe('');
  });

  it('sorts a new column in its natural order and flips the sorted one', () => {
    const state = readScope(p(''));
    expect(ariaSort(state, 'created')).toBe('descending');
    expect(ariaSort(state, 'ticket')).toBe('none');
    expect(nextSort(state, 'created')).toEqual({ sort: 'created', dir: 'asc' });
    expect(nextSort(state, 'subject')).toEqual({ sort: 'subject', dir: 'asc' });
    expect(nextSort(state, 'hops')).toEqual({ sort: 'hops', dir: 'desc' });
    const bySubject = readScope(p('sort=subject&dir=asc'));
    expect(ariaSort(bySubject, 'subject')).toBe('ascending');
    expect(nextSort(bySubject, 'subject')).toEqual({ sort: 'subject', dir: 'desc' });
  });
});
