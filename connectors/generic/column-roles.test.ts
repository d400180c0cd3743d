/**
 * The pure column scorer on small samples a person can check by eye: names by tokens,
 * values deciding and vetoing, the shape, twins, and the question when two columns fit.
 */
import { describe, expect, it } from 'vitest';
import { scoreColumns } from './column-roles.ts';
import { nameTokens } from './column-names.ts';
import { valueKind } from './value-kinds.ts';

const cols = (r: ReturnType<typeof scoreColumns>) => Object.fromEntries(Object.entries(r.roles).map(([f, c]) => [f, c!.column]));

describe('scoreColumns', () => {
  it('reads an event log: the changing instant is the event time, the constant one the creation', () => {
    const r = scoreColumns(
      ['Incident', 'Changed', 'Assignment group', 'Opened'],
      [
        ['INC1', '2025-10-13T07:19:00+02:00', 'Service Desk', '2025-10-13T07:19:00+02:00'],
        ['INC1', '2025-10-13T09:00:00+02:00', 'Payroll', '2025-10-13T07:19:00+02:00'],
        ['INC2', '2025-10-14T08:00:00+02:00', 'Service Desk', '2025-10-14T08:00:00+02:00'],
        ['INC2', '2025-10-14T10:30:00+02:00', 'Service Desk', '2025-10-14T08:00:00+02:00'],
      ],
    );
    expect(r.shape).toBe('events');
    expect(cols(r)).toEqual({ ticket_id: 'Incident', event_at: 'Changed', created_at: 'Opened', group: 'Assignment group' });
    expect(r.questions).toEqual([]);
    expect(r.roles.event_at!.format).toBe('iso');
  });

  it('lets values decide where names are silent, and veto a name whose values are not times', () => {
    const r = scoreColumns(
      ['Ticket #', 'Created', 'Received', 'Team'],
      [
        ['T1', 'Pat Placeholder', '9/13/2025 11:10 AM', 'Help Desk'],
        ['T2', 'Kit Pretend', '9/14/2025 2:05 PM', 'Payroll'],
      ],
    );
    expect(cols(r)).toEqual({ ticket_id: 'Ticket #', created_at: 'Received', group: 'Team' });
    expect(r.roles.created_at!.format).toBe('%m/%d/%Y %I:%M %p');
    expect(r.shape).toBe('snapshot');
  });

  it('asks when two creation-named instant columns fit equally, naming both', () => {
    const r = scoreColumns(
      ['id', 'created_at', 'opened_at', 'group'],
      [
        ['1', '2025-08-19T09:00:00Z', '2025-08-18T09:00:00Z', 'A'],
        ['2', '2025-08-20T09:00:00Z', '2025-08-21T09:00:00Z', 'B'],
      ],
    );
    expect(r.questions.map((q) => [q.field, q.candidates.map((c) => c.column)])).toEqual([['created_at', ['created_at', 'opened_at']]]);
    expect(r.questions[0].text).toMatch(/^creation time: 'created_at' \(.*\) or 'opened_at' \(.*\)\? pass --field created_at=COLUMN$/);
  });

  it('takes the answer given for a field and asks nothing about it', () => {
    const r = scoreColumns(
      ['id', 'created_at', 'opened_at', 'group'],
      [
        ['1', '2025-08-19T09:00:00Z', '2025-08-18T09:00:00Z', 'A'],
        ['2', '2025-08-20T09:00:00Z', '2025-08-21T09:00:00Z', 'B'],
      ],
      { answers: { created_at: 'opened_at' } },
    );
    expect(r.questions).toEqual([]);
    expect(r.roles.created_at).toMatchObject({ column: 'opened_at', given: true, confidence: 1 });
  });

  it('reads epoch seconds under a time name, a reassignment count, and prefers a group name to its id twin', () => {
    const r = scoreColumns(
      ['ticket', 'opened_ts', 'group_id', 'group', 'Times Reassigned'],
      [
        ['1', '1756800000', '7', 'Payroll', '2'],
        ['2', '1756803600', '8', 'Help Desk', '0'],
        ['3', '1756807200', '7', 'Payroll', '1'],
      ],
    );
    expect(cols(r)).toMatchObject({ ticket_id: 'ticket', created_at: 'opened_ts', group: 'group', reassignment_count: 'Times Reassigned' });
    expect(r.roles.created_at!.format).toBe('epoch_s');
    expect(r.shape).toBe('tickets_reassignment_count');
    expect(r.countIs).toBe('reassignments');
  });

  it('reads no time from numbers on two scales, and says which column named like one failed', () => {
    const r = scoreColumns(
      ['ticket_id', 'created_at', 'group'],
      [['H1', '45523', 'Desk'], ['H2', '45524.5', 'Payroll'], ['H3', '1724054400', 'Desk']],
    );
    expect(r.roles.created_at).toBeUndefined();
    expect(r.unreadTime).toEqual({ field: 'created_at', column: 'created_at', reason: 'its numbers mix Excel serial days and Unix epoch seconds' });
  });

  it('takes a long value with no space in it as a label, but not long prose', () => {
    const long = 'G'.repeat(5_000);
    const prose = Array.from({ length: 20 }, () => 'words of a note').join(' ');
    expect(scoreColumns(['ticket_id', 'created_at', 'group'], [['H1', '2024-08-19 08:00:00', long]]).roles.group?.column).toBe('group');
    expect(scoreColumns(['ticket_id', 'created_at', 'group'], [['H1', '2024-08-19 08:00:00', prose]]).roles.group).toBeUndefined();
  });
});

describe('names and values', () => {
  it('splits names into tokens', () => {
    expect(nameTokens('HD_TICKET_ID')).toEqual(['hd', 'ticket', 'id']);
    expect(nameTokens('ResponsibleGroupName')).toEqual(['responsible', 'group', 'name']);
    expect(nameTokens('Número de caso')).toEqual(['numero', 'de', 'caso']);
    expect(nameTokens('Ticket #')).toEqual(['ticket', '#']);
  });

  it('reads instants and no-date values', () => {
    expect(valueKind('2025-10-13T07:19:00+02:00', false)).toEqual({ format: 'iso', dateOnly: false });
    expect(valueKind('21-08-2025 09:05:00 +0000', false)).toEqual({ format: '%d-%m-%Y %H:%M:%S %z' });
    expect(valueKind('45890.375', true)).toEqual({ format: 'excel', dateOnly: false });
    expect(valueKind('45890.375', false)).toEqual({});
    expect(valueKind('0000-00-00 00:00:00', false)).toEqual({ unset: true });
    expect(valueKind('13/08/2025 09:00', false)).toMatchObject({ format: 'slash %H:%M', slashOrder: 'dm' });
  });
});

describe('an event text column', () => {
  it("goes to the event's detail, not the ticket's description, when its name says event", () => {
    const h = ['ticket_id', 'created_at', 'event_at', 'event_kind', 'event_detail'];
    const r = [
      ['T1', '2024-09-03T14:00:00Z', '2024-09-03T14:00:00Z', 'note', 'Spoke with the school'],
      ['T1', '2024-09-03T14:00:00Z', '2024-09-03T14:30:00Z', 'status', 'In Progress'],
      ['T2', '2024-09-03T15:00:00Z', '2024-09-03T15:00:00Z', 'note', 'Called back'],
      ['T2', '2024-09-03T15:00:00Z', '2024-09-03T15:30:00Z', 'status', 'Resolved'],
    ];
    const roles = scoreColumns(h, r).roles;
    expect(roles.event_detail?.column).toBe('event_detail');
    expect(roles.description).toBeUndefined();
  });
});
