/**
 * The CIO's sentence about who routes, for the report and the "Who routes" page: "3 people
 * make 54 % of all handoffs; 13 request types reach their owner mostly through one of
 * them." Takes the shape loosely (a department head's counts may be "<5") so both the
 * analysis result and the API answer fit.
 */
export interface SentenceInput {
  top1_share: number;
  top3_share: number;
  people: ReadonlyArray<{ handoffs: number | string }>;
  dependent_request_types: ReadonlyArray<{ request_type: string }>;
}

export function routingSentence(r: SentenceInput, percent: (share: number) => string): string {
  const routers = r.people.filter((p) => typeof p.handoffs !== 'number' || p.handoffs > 0).length;
  if (routers === 0) return 'No one handed a ticket on to another department.';
  const top = Math.min(3, routers);
  const types = new Set(r.dependent_request_types.map((d) => d.request_type)).size;
  const who = top === 1 ? 'One person makes' : `${top} people make`;
  const them = top === 1 ? 'them' : 'one of them';
  const reach =
    types === 0
      ? 'no request type reaches its owner mostly through one person'
      : `${types} request type${types === 1 ? ' reaches its' : 's reach their'} owner mostly through ${them}`;
  return `${who} ${percent(top === 1 ? r.top1_share : r.top3_share)} of all handoffs; ${reach}.`;
}
