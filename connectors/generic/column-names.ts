/**
 * What a column's NAME says about the field it holds, as a score from 0 (silent) to 1
 * (certain). Names are read by tokens, not matched whole: 'Assigned to - Group',
 * 'ResponsibleGroupName', 'assignee_grp', 'hd_queue.name' and 'Grupo asignado' all carry a
 * group token. Tokens are lower case without accents; camelCase and UPPER_SNAKE split;
 * dotted JSON paths are read segment by segment. Pure.
 *
 * The vocabularies below are words, not column names: each field has the words that name
 * it (English, the usual abbreviations, and Spanish, the second language of many K-12
 * districts), and the words that name something else (a person, an account, a due date),
 * which lower a score. Values then confirm or veto (column-roles.ts).
 */

/** The tokens of a column name: 'HD_TICKET_ID' -> hd ticket id; 'IssueDate' -> issue date; 'Ticket #' -> ticket #. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9#%]+/)
    .filter((t) => t !== '');
}

type Words = ReadonlySet<string>;
const words = (s: string): Words => new Set(s.split(' '));

const TICKET_NOUNS = words('ticket tickets case caso incident incidente incidencia request solicitud issue wo workorder sr inc req');
const ID_WORDS = words('id number no num nbr nr key ref # numero');
/** Nouns of things that are not the ticket: an id named after one of these is its id. */
const OTHER_ENTITIES = words(
  'staff user users type state source mode urgency impact severity service requester requestor responder performer group groups company product asset machine employee student bus article msg message change changes config email category queue dept department project status priority location site account acct contact owner assignee technician tech agent parent related interaction km metric metrics record customer org organization entity creator author sla form team grp craft area building room phone person empleado estudiante',
);
const PERSON = words('actor technician tech agent staff user username assignee responder performer creator author by owner person empleado tecnico agente');
const GROUP_WORDS = words('group groups grp team queue support tier level section department dept resolver routed craft unit desk grupo equipo cola departamento seccion');
const GROUP_WEAK = words('assigned assignment asignado asignada assign');
const BEFORE_WORDS = words('previous previously prior from old before anterior original');
const AFTER_WORDS = words('new after to nuevo nueva');
const COUNT_WORDS = words('count times number no num total hops veces cantidad');
const REASSIGN_WORDS = words('reassignment reassignments reassigned reassign transfers transferred reroutes rerouted reasignaciones reasignado hops');

const CREATED = words('created create creation opened open opening submitted submit received reported creado creada apertura alta abierto recibido createdtime');
const EVENT = words('changed change modified updated update timestamp ts stamp datestamp logged performed occurred event when fecha');
const RESOLVED = words('resolved solved resolution resuelto solucionado fixed');
const CLOSED = words('closed close cerrado cerrada completed');
const TIME_WORDS = words('date time at on ts stamp timestamp datetime fecha hora datestamp');
const NOT_AN_EVENT_TIME = words('due target sla deadline follow followup start end expected planned completion responded escalated inicio fin vencimiento');

const has = (tokens: string[], set: Words) => tokens.some((t) => set.has(t));
const hasAll = (tokens: string[], ...ts: string[]) => ts.every((t) => tokens.includes(t));

/** The name's tokens, without JSON container segments ('fields', 'attributes', 'data') that name no field. */
function tokensOf(name: string): string[] {
  return nameTokens(name).filter((t) => !['fields', 'attributes', 'data', 'custom', 'cf', 'c'].includes(t));
}

/** Whether the name says the column holds a time (so numeric epochs or serial days may be read in it). */
export function nameSaysTime(name: string): boolean {
  const t = tokensOf(name);
  return has(t, TIME_WORDS) || has(t, CREATED) || has(t, EVENT) || has(t, RESOLVED) || has(t, CLOSED) || has(t, NOT_AN_EVENT_TIME);
}

export interface NameScore {
  score: number;
  why: string;
}

const silent: NameScore = { score: 0, why: '' };

/** The last segment of a dotted path, which usually names the value ('group.name' -> name). */
function leafTokens(name: string): string[] {
  const seg = name.split('.');
  return tokensOf(seg[seg.length - 1]);
}

const NOT_AN_ID = words('name title subject summary description text body comment notes');

export function ticketIdName(name: string): NameScore {
  const t = tokensOf(name);
  const segments = name.split('.');
  if (segments.length > 1) {
    // 'submitter.id' is the submitter's id; 'Ticket.id' the ticket's.
    const parent = tokensOf(segments.slice(0, -1).join('.'));
    if (parent.length && !parent.some((x) => TICKET_NOUNS.has(x))) return { score: 0.1, why: `the id of '${segments.slice(0, -1).join('.')}'` };
  }
  if (has(leafTokens(name), NOT_AN_ID)) return silent;
  if (t.length === 0) return name.trim() === '#' ? { score: 0.9, why: "named '#'" } : silent;
  if (has(t, OTHER_ENTITIES) && !t.some((x) => TICKET_NOUNS.has(x))) return { score: 0.1, why: 'names the id of something else' };
  const noun = t.some((x) => TICKET_NOUNS.has(x)) || hasAll(t, 'work', 'order') || hasAll(t, 'order', 'trabajo');
  const idWord = has(t, ID_WORDS);
  const otherToo = has(t, OTHER_ENTITIES) || has(t, TIME_WORDS);
  if (noun && idWord && !otherToo) return { score: 1, why: 'named like a ticket number' };
  if (noun && !otherToo && t.length <= 2) return { score: 0.8, why: 'named after the ticket' };
  if (noun && idWord) return { score: 0.4, why: 'names a ticket and something else' };
  if (t.length === 1 && t[0] === '#') return { score: 0.9, why: "named '#'" };
  if (t.length === 1 && idWord) return { score: 0.7, why: `named '${name}'` };
  if (idWord && t.length <= 2 && leafTokens(name).some((x) => ID_WORDS.has(x))) return { score: 0.5, why: 'named like an id' };
  return silent;
}

export function groupName(name: string): NameScore {
  const t = tokensOf(name);
  if (has(t, BEFORE_WORDS) || has(t, words('reassignment count times stations'))) return silent;
  const person = has(t, PERSON);
  const leaf = leafTokens(name);
  const idTwin = leaf.some((x) => ID_WORDS.has(x));
  let s = 0;
  let why = '';
  if (has(t, GROUP_WORDS)) [s, why] = [0.9, 'named like a group, team or queue'];
  else if (has(t, GROUP_WEAK)) [s, why] = [0.6, 'named like an assignment'];
  if (s === 0) return silent;
  if (has(leaf, words('url href link uri type kind'))) return silent;
  if (leaf.includes('name')) s += 0.05;
  if (actorGroupName(name) > 0) return { score: 0.2, why: "names the group of whoever acted (the actor's group)" };
  if (person && !has(t, GROUP_WORDS)) return { score: 0.2, why: 'names a person' };
  if (has(t, words('requester requestor account acct customer entity project'))) return { score: 0.15, why: 'names the requester side' };
  if (idTwin) s -= 0.2;
  return { score: s, why };
}

export function groupBeforeName(name: string): NameScore {
  const t = tokensOf(name);
  if (!has(t, BEFORE_WORDS)) return silent;
  if (has(t, GROUP_WORDS) || has(t, GROUP_WEAK) || has(t, REASSIGN_WORDS) || hasAll(t, 'previously') || t.includes('value') || t.includes('with')) {
    return { score: 0.9, why: 'named like the previous group' };
  }
  return { score: 0.4, why: "named like a 'from' column" };
}

export function groupAfterName(name: string): NameScore {
  const t = tokensOf(name);
  if (!has(t, AFTER_WORDS) || has(t, BEFORE_WORDS)) return silent;
  return { score: has(t, GROUP_WORDS) || t.includes('value') ? 0.9 : 0.4, why: 'named like the new group' };
}

export function reassignmentCountName(name: string): NameScore & { stations?: boolean } {
  const t = tokensOf(name);
  if (t.includes('stations')) {
    return has(t, GROUP_WORDS) ? { score: 0.95, why: 'counts the groups a ticket passed through', stations: true } : { score: 0.2, why: 'counts stations of something else' };
  }
  if (has(t, REASSIGN_WORDS)) return { score: has(t, COUNT_WORDS) || t.length === 1 || t.includes('hops') ? 0.95 : 0.6, why: 'named like a reassignment count' };
  return silent;
}

export type TimeField = 'created_at' | 'event_at' | 'resolved_at' | 'closed_at';

export function timeName(name: string, field: TimeField): NameScore {
  const t = tokensOf(name);
  const distractor = has(t, NOT_AN_EVENT_TIME) || (t.includes('last') && field !== 'event_at');
  if (distractor) return { score: 0, why: 'names a due, start or last-update time' };
  switch (field) {
    case 'created_at':
      if (has(t, CREATED)) return { score: 0.95, why: 'named like a creation time' };
      if (hasAll(t, 'request', 'date') || hasAll(t, 'issue', 'date')) return { score: 0.7, why: 'named like a request date' };
      return silent;
    case 'event_at':
      if (has(t, EVENT) || hasAll(t, 'action', 'date')) return { score: 0.9, why: 'named like an event time' };
      if (has(t, TIME_WORDS) && !has(t, CREATED) && !has(t, RESOLVED) && !has(t, CLOSED)) return { score: 0.5, why: 'named like a date or time' };
      return silent;
    case 'resolved_at':
      return has(t, RESOLVED) ? { score: 0.9, why: 'named like a resolution time' } : silent;
    case 'closed_at':
      return has(t, CLOSED) ? { score: 0.9, why: 'named like a closing time' } : silent;
  }
}

/** The text and label fields, named only (their values are free text or small label sets). */
const LABEL_NAMES: Record<string, [string[], number][]> = {
  status: [[['status', 'state', 'estado', 'statusname'], 0.9]],
  event_kind: [[['action', 'activity', 'evt', 'event', 'kind', 'accion', 'actividad'], 0.9], [['type', 'tipo'], 0.5]],
  actor: [[['by', 'actor', 'performer', 'creator', 'username', 'por'], 0.85], [['user', 'agent'], 0.6]],
  requester: [[['requester', 'requestor', 'caller', 'submitter', 'reporter', 'customer', 'solicitante', 'autor', 'author'], 0.9], [['from'], 0.6]],
  subject: [[['subject', 'asunto'], 1], [['title', 'titulo', 'name'], 0.9], [['summary', 'topic', 'issue', 'request', 'resumen'], 0.7]],
  description: [[['description', 'descripcion', 'details', 'detail', 'body'], 0.9], [['summary'], 0.6]],
  category: [[['category', 'categoria', 'itilcategory'], 0.9], [['topic', 'type', 'tipo'], 0.4]],
  channel: [[['channel', 'source', 'via', 'canal', 'origen', 'medium'], 0.85]],
  location: [[['location', 'school', 'site', 'building', 'campus', 'loc', 'escuela', 'sitio', 'ubicacion'], 0.85]],
  event_detail: [[['description', 'detail', 'details', 'comment', 'note', 'notes', 'message', 'msg'], 0.6]],
  automated: [[['auto', 'automated', 'automatic', 'system', 'rule'], 0.85]],
  event_seq: [[['seq', 'sequence', 'secuencia'], 0.9]],
};

export function labelName(name: string, field: string): NameScore {
  const t = tokensOf(name);
  const leaf = leafTokens(name);
  if (leaf.some((x) => ID_WORDS.has(x)) && !['actor', 'event_seq', 'knowledge_article'].includes(field)) return silent;
  let best = silent;
  for (const [ws, score] of LABEL_NAMES[field] ?? []) {
    // A JSON object's display value ('status.name', 'Queue.Name') is named by its parent.
    const hit = ws.find((w) => t.includes(w) && !(w === 'name' && t.some((x) => x !== 'name' && !TICKET_NOUNS.has(x))));
    if (hit && score > best.score) best = { score, why: `named '${hit}'` };
  }
  const closing = has(t, words('resolution close closure cierre solucion'));
  if (field === 'resolution_code' && closing && has(t, words('code codigo'))) best = { score: 0.9, why: 'named like a resolution code' };
  if (field === 'resolution_text' && closing && !has(t, words('code codigo date time at on')) && (t.length === 1 || has(t, words('text notes note comment notas')))) best = { score: 0.85, why: 'named like resolution notes' };
  if (field === 'knowledge_article' && has(t, words('knowledge kb km')) && (t.length === 1 || has(t, words('article number no')))) best = { score: 0.9, why: 'named like a knowledge article' };
  if (field === 'subcategory' && (t.includes('subcategory') || hasAll(t, 'sub', 'category') || t.includes('subtype') || t.includes('subcategoria'))) best = { score: 0.9, why: 'named like a subcategory' };
  if (field === 'sensitive' && has(t, words('sensitive confidential confidencial'))) best = { score: 0.9, why: 'named like a sensitivity flag' };
  if (field === 'category' && (t.includes('subcategory') || t.includes('sub'))) return silent;
  if (field === 'event_seq' && (hasAll(t, 'activity', 'number') || hasAll(t, 'mod', 'count'))) best = { score: 0.8, why: 'named like an event number' };
  if (field === 'subject' && hasAll(t, 'short', 'description')) best = { score: 0.95, why: "named 'short description'" };
  if ((field === 'actor' || field === 'requester') && has(leaf, words('type kind'))) return silent;
  if (field === 'requester' && leaf.includes('user') && best.score > 0) best = { score: best.score - 0.1, why: best.why };
  if (field === 'description' && t.includes('short')) return silent;
  // 'event detail', 'event description': an event's text, never the ticket's.
  if ((field === 'description' || field === 'subject') && has(t, words('event evento'))) return silent;
  if (field === 'actor' && !(has(t, PERSON) || t.includes('by') || t.includes('por') || hasAll(t, 'user', 'ref'))) return silent;
  return best;
}

export const LABEL_FIELDS = Object.keys(LABEL_NAMES);

/** Whether the name speaks of a person (a technician, an agent, a user). */
export function isPersonName(name: string): boolean {
  return has(tokensOf(name), PERSON);
}

/** The group of whoever acted on an event ('actor_group', 'user group'), not the ticket's: 0.9 or 0. */
export function actorGroupName(name: string): number {
  const t = tokensOf(name);
  return has(t, words('actor user performer author agent creator')) && has(t, GROUP_WORDS) ? 0.9 : 0;
}
