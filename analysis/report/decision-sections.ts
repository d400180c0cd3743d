/**
 * The report's decision sections, beside its figures: what to fix first (analysis/
 * fix-first), who carries the routing (analysis/routing-people) and what demand is coming
 * (analysis/forecast). They are the command line's report for the CIO; the dashboard serves
 * each from its own route, where each applies its own department-head rules, so they are
 * not part of the guarded report the API and deliveries send.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { ensureTicketFacts } from '../ticket-facts/ticket-facts.ts';
import { fixFirst, type FixFirstAction } from '../fix-first/fix-first.ts';
import { routingPeople } from '../routing-people/routing-people.ts';
import { routingSentence } from '../routing-people/sentence.ts';
import { demandForecast, type DemandForecast } from '../forecast/demand.ts';
import { markdownText } from './markdown-text.ts';

export interface RoutingPeopleSection {
  top1_share: number;
  top3_share: number;
  top5_share: number;
  gini: number;
  sentence: string;
  people: { person: string; handoffs: number; triage_touches: number; departments_reached: number; dependent_request_types: string[] }[];
}

export interface DecisionSections {
  fix_first: FixFirstAction[];
  routing_people: RoutingPeopleSection;
  forecast: DemandForecast;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

const round2 = (x: number) => Math.round(x * 100) / 100;

function roundEffects(a: FixFirstAction): FixFirstAction {
  return {
    ...a,
    yearly_misroutes: round2(a.yearly_misroutes),
    yearly_hours: round2(a.yearly_hours), yearly_hours_low: round2(a.yearly_hours_low), yearly_hours_high: round2(a.yearly_hours_high),
    yearly_cost: round2(a.yearly_cost), yearly_cost_low: round2(a.yearly_cost_low), yearly_cost_high: round2(a.yearly_cost_high),
  };
}

export async function buildDecisionSections(db: Queryable, filters: Filters, settings: Settings): Promise<DecisionSections> {
  const facts = await ensureTicketFacts(db, settings);
  const [fix_first, people, forecast] = await Promise.all([
    fixFirst(db, settings, filters, { facts }),
    routingPeople(db, settings, filters, { facts }),
    demandForecast(db, settings, filters, { facts }),
  ]);
  return {
    // Sums of doubles come back in whatever order DuckDB's threads added them: rounded, so
    // two reports of the same data are the same text.
    fix_first: fix_first.map(roundEffects),
    routing_people: {
      top1_share: people.top1_share,
      top3_share: people.top3_share,
      top5_share: people.top5_share,
      gini: people.gini,
      sentence: routingSentence(people, percent),
      people: people.people.map((p) => ({
        person: p.person, handoffs: p.handoffs, triage_touches: p.triage_touches,
        departments_reached: p.departments_reached, dependent_request_types: p.dependent_request_types,
      })),
    },
    forecast,
  };
}

const money = (x: number, currency: string) => `${Math.round(x).toLocaleString('en-US')} ${currency}`;

/** The sections as Markdown, to open the report: the three actions that save most, who routes, the outlook. */
export function decisionSectionsToMarkdown(s: DecisionSections, currency: string): string {
  const lines = ['## What to fix first', ''];
  if (!s.fix_first.length) lines.push('No action stands out in the last 12 months of data.');
  s.fix_first.slice(0, 3).forEach((a, i) => {
    lines.push(`${i + 1}. ${markdownText(a.action)}: about ${Math.round(a.yearly_hours).toLocaleString('en-US')} hours and ${money(a.yearly_cost, currency)} a year (${a.evidence_tickets} tickets; assumes ${percent(a.assumption.share)} of them prevented, ${percent(a.assumption.low)} to ${percent(a.assumption.high)}).`);
  });
  lines.push('', '## Who routes', '', markdownText(s.routing_people.sentence), '', '## Outlook', '');
  const f = s.forecast;
  const owned = f.district.measures.find((m) => m.measure === 'tickets_owned');
  const misrouted = f.district.measures.find((m) => m.measure === 'inbound_misrouted');
  if (!owned || owned.next_total === null || f.forecast_from === null) {
    lines.push(owned?.note ?? 'The history is too short to forecast.');
  } else {
    const range = (m: typeof owned) => `${Math.round(m.next_total!).toLocaleString('en-US')} (80 %: ${Math.round(m.next_total_low!).toLocaleString('en-US')} to ${Math.round(m.next_total_high!).toLocaleString('en-US')})`;
    lines.push(`In the ${f.horizon_weeks} weeks from ${f.forecast_from}: ${range(owned)} tickets${misrouted && misrouted.next_total !== null ? `, ${range(misrouted)} of them first landing in the wrong place` : ''}.` +
      (owned.mape !== null ? ` In past terms this forecast was off by ${Math.round(owned.mape * 100)} % on average (${owned.model_label}).` : ''));
  }
  return lines.join('\n');
}
