/**
 * The report for the school board as one self-contained HTML document, made to be printed
 * to PDF (dashboard/server/pdf): an executive summary (the period's coordination cost and
 * its trend, the three actions that save most, who routes, the outlook, the assumptions),
 * then the detail (trend and flow charts, the top rows of the main tables). Pure: the
 * built report, the decision sections and the context in, a string out. Inline CSS and
 * SVG only: no scripts, no external resources, and every text from the data escaped
 * (ticket text, names and file names can hold markup).
 *
 * Print layout: no forced page breaks (a summary of one and a half pages would leave half
 * a page empty before the detail); headings stay with what follows, charts and table rows
 * do not split, and a table that runs on repeats its header.
 */
import type { DecisionSections } from './decision-sections.ts';
import type { BoardContext } from './board-context.ts';
import type { GuardedReport, Report } from './report.ts';
import { formatFigure, knownOr, type MaybeWithheld } from './withheld.ts';

export interface BoardReportInput {
  report: Report | GuardedReport;
  /** Null for a department head's copy: the sections follow their own rules on the dashboard. */
  decisions: DecisionSections | null;
  context: BoardContext;
}

export const GENERIC_TITLE = 'Switchboard coordination report';
/** Rows of each table the board sees; the full tables are in the CSV and Markdown reports. */
export const TABLE_ROWS = 8;
/** Above this many weeks the trend is drawn by month. */
export const MAX_WEEKLY_COLUMNS = 26;

export const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
const esc = (s: string | null | undefined) => escapeHtml(s ?? '(none)');

const whole = (x: number) => Math.round(x).toLocaleString('en-US');
/** Money as the Markdown report's decision sections write it: "12,345 USD". */
export const moneyText = (x: number, currency: string) => `${whole(x)} ${currency}`;
const percent = (x: number) => `${Math.round(x * 100)} %`;
const fig = (x: MaybeWithheld<number | null>, f: (v: number) => string) => formatFigure(x, (v: number | null) => (v === null ? 'n/a' : f(v)));

// ---- scales and charts: small pure helpers, the SVG is a composition of their marks ----

/** The smallest 1, 2 or 5 times a power of ten at or above `max` (1 for nothing). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max)!;
}

export interface Column {
  label: string;
  /** The full column, and the highlighted part of it drawn from the base (may be absent). */
  value: number;
  part?: number;
  title: string;
}

const COLORS = { total: '#9db4d0', part: '#c2410c', axis: '#555', grid: '#ddd' };

/** A column chart: one `<g class="col">` per column, y axis from 0 to a nice maximum. */
export function columnChart(columns: readonly Column[], opts: { height: number; caption: string; unit?: (v: number) => string }): string {
  const W = 680, H = opts.height, left = 52, bottom = 22, top = 8;
  const max = niceMax(Math.max(0, ...columns.map((c) => c.value)));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const step = (W - left - 4) / Math.max(1, columns.length);
  const barW = Math.max(1, step * 0.75);
  const unit = opts.unit ?? whole;
  const ticks = [0, max / 2, max].map((v) => `<line x1="${left}" x2="${W}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${COLORS.grid}"/><text x="${left - 4}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end">${esc(unit(v))}</text>`);
  const every = Math.ceil(columns.length / 12);
  const cols = columns.map((c, i) => {
    const x = left + i * step + (step - barW) / 2;
    const part = c.part ? `<rect class="part" x="${x.toFixed(1)}" y="${y(c.part).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(c.part)).toFixed(1)}" fill="${COLORS.part}"/>` : '';
    const label = i % every === 0 ? `<text x="${(x + barW / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(c.label)}</text>` : '';
    return `<g class="col"><title>${esc(c.title)}</title><rect x="${x.toFixed(1)}" y="${y(c.value).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(c.value)).toFixed(1)}" fill="${COLORS.total}"/>${part}${label}</g>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.caption)}" xmlns="http://www.w3.org/2000/svg" font-size="9" fill="${COLORS.axis}">${ticks.join('')}${cols.join('')}</svg>`;
}

/** Horizontal bars of the largest first landing -> owner flows; misrouted flows stand out. */
export function flowBars(flows: BoardContext['flows']): string {
  const W = 680, row = 20, labelW = 300;
  const max = Math.max(1, ...flows.map((f) => f.tickets));
  const bars = flows.map((f, i) => {
    const w = ((W - labelW - 60) * f.tickets) / max;
    const y = i * row;
    return `<g class="flow"><text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(f.from)} → ${esc(f.to)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" fill="${f.from === f.to ? COLORS.total : COLORS.part}"/>` +
      `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 13}">${whole(f.tickets)}</text></g>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${Math.max(row, flows.length * row)}" role="img" aria-label="Tickets by first landing and owner" xmlns="http://www.w3.org/2000/svg" font-size="10" fill="#222">${bars.join('')}</svg>`;
}

// ---- the sections ----

function table(head: string[], rows: string[][], numericFrom = 1): string {
  const cls = (i: number) => (i >= numericFrom ? ' class="num"' : '');
  return `<table><thead><tr>${head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
}

/** The trend's grain: weeks for a short period, months once the weeks would crowd the chart. */
function trendPoints(r: Report | GuardedReport) {
  return r.trends.week.length > MAX_WEEKLY_COLUMNS ? { grain: 'month' as const, points: r.trends.month } : { grain: 'week' as const, points: r.trends.week };
}

function outlookText(d: DecisionSections): string {
  const f = d.forecast;
  const owned = f.district.measures.find((m) => m.measure === 'tickets_owned');
  const misrouted = f.district.measures.find((m) => m.measure === 'inbound_misrouted');
  if (!owned || owned.next_total === null || f.forecast_from === null) return owned?.note ?? 'The history is too short to forecast.';
  const range = (m: typeof owned) => `${whole(m.next_total!)} (80 %: ${whole(m.next_total_low!)} to ${whole(m.next_total_high!)})`;
  return `In the ${f.horizon_weeks} weeks from ${f.forecast_from}: ${range(owned)} tickets` +
    (misrouted && misrouted.next_total !== null ? `, ${range(misrouted)} of them first landing in the wrong place` : '') + '.' +
    (owned.mape !== null ? ` In past terms this forecast was off by ${percent(owned.mape)} on average (${owned.model_label}).` : '');
}

function assumptionsText(r: Report | GuardedReport): string {
  const a = r.assumptions;
  return `Figures count tickets created in the period. A ticket's owner is its ${a.owner_basis === 'declared' ? 'declared owner where one is set, else its resolving department' : 'resolving department'}; ` +
    `it is misrouted when it first landed elsewhere (tickets without a group land in ${a.default_landing_department}). ` +
    `Coordination time is ${a.cost.triageMinutes} minutes of triage per handoff between departments plus ${a.cost.touchMinutes} minutes per touch while a ticket sat outside its owner, ` +
    `at each department's hourly rate (${a.cost.defaultHourlyRate} ${a.cost.currency} where none is set). ` +
    `Business hours are ${a.calendar.dayStart} to ${a.calendar.dayEnd} on working days, ${a.time_zone}. ` +
    `A request type has an ownership gap when it has no declared owner and its top owner holds less than ${percent(a.ownership_gap_rule.top_owner_share_below)} of it or more than ${percent(a.ownership_gap_rule.misroute_share_above)} of it is misrouted. ` +
    `Each action's saving assumes the stated share of its tickets is prevented, scaled to a year.`;
}

function summarySection(input: BoardReportInput): string {
  const { report: r, decisions: d } = input;
  const s = r.summary;
  const cur = r.assumptions.cost.currency;
  const byMonth = r.trends.month.length >= 3;
  const costPoints = byMonth ? r.trends.month : r.trends.week;
  const costChart = columnChart(
    costPoints.map((p) => ({ label: p.period.slice(0, byMonth ? 7 : 10), value: knownOr(p.coordination_cost, 0), title: `${p.period}: ${moneyText(knownOr(p.coordination_cost, 0), cur)}` })),
    { height: 120, caption: `Coordination cost by ${byMonth ? 'month' : 'week'}`, unit: (v) => whole(v) },
  );
  const actions = d?.fix_first.slice(0, 3) ?? [];
  const actionList = actions.length
    ? `<ol class="actions">${actions.map((a) => `<li><strong>${esc(a.action)}</strong>: saves about <span class="saving">${moneyText(a.yearly_cost, cur)} a year</span> (${whole(a.yearly_hours)} hours; ${moneyText(a.yearly_cost_low, cur)} to ${moneyText(a.yearly_cost_high, cur)}). ${whole(a.evidence_tickets)} tickets; assumes ${percent(a.assumption.share)} of them prevented.</li>`).join('')}</ol>`
    : `<p>${d ? 'No action stands out in the last 12 months of data.' : 'The actions for this department are on the dashboard.'}</p>`;
  return `<section class="summary" id="executive-summary">
<h2>Executive summary</h2>
<div class="headline">
<div class="kpi"><span class="label">Coordination cost</span><span class="value">${moneyText(s.coordination_cost, cur)}</span><span class="sub">${whole(s.coordination_hours)} hours moving tickets to their owner</span></div>
<div class="kpi"><span class="label">Tickets</span><span class="value">${whole(s.tickets)}</span><span class="sub">${whole(s.misrouted_tickets)} misrouted (${percent(s.misroute_share)})</span></div>
</div>
<figure class="trend-small"><figcaption>Coordination cost by ${byMonth ? 'month' : 'week'} (${esc(cur)})</figcaption>${costChart}</figure>
<h3>What to fix first</h3>
${actionList}
${d ? `<h3>Who routes</h3><p>${esc(d.routing_people.sentence)}</p><h3>Outlook</h3><p>${esc(outlookText(d))}</p>` : ''}
<h3>Assumptions</h3>
<p class="assumptions">${esc(assumptionsText(r))}</p>
</section>`;
}

function detailSection(input: BoardReportInput): string {
  const { report: r, context: c } = input;
  const cur = r.assumptions.cost.currency;
  const { grain, points } = trendPoints(r);
  const trendChart = columnChart(
    points.map((p) => ({
      label: grain === 'month' ? p.period.slice(0, 7) : p.period.slice(5),
      value: knownOr(p.tickets, 0),
      part: knownOr(p.misrouted_tickets, 0),
      title: `${p.period}: ${fig(p.tickets, whole)} tickets, ${fig(p.misrouted_tickets, whole)} misrouted`,
    })),
    { height: 200, caption: `Tickets and misrouted tickets by ${grain}` },
  );
  const money = (x: MaybeWithheld<number>) => fig(x, (v) => moneyText(v, cur));
  const byCost = <T extends { coordination_cost: MaybeWithheld<number> }>(rows: readonly T[]) =>
    [...rows].sort((a, b) => knownOr(b.coordination_cost as number, -1) - knownOr(a.coordination_cost as number, -1)).slice(0, TABLE_ROWS);
  const departments = table(
    ['Department', 'Owned', 'Inbound misrouted', 'Inbound share', 'Coordination hours', 'Coordination cost'],
    byCost(r.departments).map((d) => [esc(d.department), fig(d.tickets_owned, whole), fig(d.inbound_misrouted, whole), fig(d.inbound_misroute_share, percent), fig(d.coordination_hours, whole), money(d.coordination_cost)]),
  );
  const gaps = table(
    ['Request type', 'Tickets', 'Top owner', 'Top share', 'Misrouted', 'Cost', 'Declared owner'],
    byCost(r.ownership_gaps.filter((g) => g.gap)).map((g) => [esc(g.request_type), fig(g.tickets, whole), esc(g.top_owner), fig(g.top_owner_share, percent), fig(g.misroute_share, percent), money(g.coordination_cost), esc(g.declared_owner)]),
  );
  const answers = table(
    ['Theme', 'Tickets', 'Owner', 'Cost', 'Examples', 'Answer published'],
    byCost(r.answer_gaps).map((t) => [esc(t.theme), fig(t.tickets, whole), esc(t.owner_department), money(t.coordination_cost), esc(t.example_subjects.join('; ')), t.knowledge_article_linked || t.answered ? 'yes' : 'no']),
  );
  const sources = c.sources.length
    ? `<ul class="sources">${c.sources.map((s) => `<li>${esc(s.source)}${s.file_name ? `: ${esc(s.file_name)}` : ''}</li>`).join('')}</ul>`
    : '<p>No import has succeeded yet.</p>';
  return `<section class="detail" id="detail">
<h2>Detail</h2>
<figure><figcaption>Tickets by ${grain} of creation; the dark part first landed in the wrong department</figcaption>${trendChart}</figure>
${c.flows.length ? `<figure><figcaption>Largest flows, first landing → owner (tickets); the dark bars are misrouted</figcaption>${flowBars(c.flows)}</figure>` : '<p>The flows between departments are on the dashboard.</p>'}
<div class="block"><h3>Departments, by coordination cost</h3>${departments}</div>
<div class="block"><h3>Ownership gaps, by cost</h3>${r.ownership_gaps.some((g) => g.gap) ? gaps : '<p>No request type has an ownership gap.</p>'}</div>
<div class="block"><h3>Questions a published answer could absorb, by cost</h3>${r.answer_gaps.length ? answers : '<p>No recurring question stands out.</p>'}</div>
<div class="block"><h3>Sources imported</h3>${sources}</div>
</section>`;
}

const CSS = `
@page { size: Letter; }
* { box-sizing: border-box; }
body { font: 10pt/1.4 system-ui, 'DejaVu Sans', sans-serif; color: #222; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 6pt; orphans: 3; widows: 3; }
.meta { color: #555; font-size: 9pt; margin: 0 0 4pt; }
.headline { display: flex; gap: 16pt; margin: 4pt 0 6pt; }
.kpi { flex: 1; border: 1px solid #ccc; border-radius: 4pt; padding: 6pt 8pt; }
.kpi .label, .kpi .sub { display: block; color: #555; font-size: 8.5pt; }
.kpi .value { display: block; font-size: 17pt; font-weight: 600; }
figure { margin: 6pt 0 8pt; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #555; margin-bottom: 2pt; }
svg.chart { width: 100%; height: auto; display: block; }
ol.actions { padding-left: 16pt; margin: 0 0 6pt; }
ol.actions li { margin-bottom: 4pt; break-inside: avoid; }
.saving { font-weight: 600; }
.block { break-inside: auto; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 0 0 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.num { text-align: right; }
`;

export function boardReportHtml(input: BoardReportInput): string {
  const { report: r, context: c } = input;
  const title = c.districtName ? `${c.districtName}: coordination report` : GENERIC_TITLE;
  const period = c.period.from && c.period.to ? `${c.period.from} to ${c.period.to}` : 'no tickets yet';
  const filters = Object.entries(r.filters).filter(([k, v]) => v && k !== 'from' && k !== 'to' && k !== 'outsideDepartments');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta">Period: <span class="period">${esc(period)}</span> · Data through <span class="data-through">${esc(c.dataThrough ?? 'no data')}</span> (${esc(r.assumptions.time_zone)}) · Generated ${esc(r.generated_at.slice(0, 10))}${filters.length ? ` · Only ${filters.map(([k, v]) => `${esc(k)} = ${esc(String(v))}`).join(', ')}` : ''}</p>
</header>
${summarySection(input)}
${detailSection(input)}
</body></html>
`;
}
