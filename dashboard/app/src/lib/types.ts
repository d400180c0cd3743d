// Response shapes of the API as the pages use them (the server's TypeBox schemas are the source).
// A `Figure` is a number, or "<5" when a department head reads another department's small
// figure (dashboard/server/plugins/app/auth/department-guard.ts); district totals are numbers.
import type { FlowDatum } from './charts/sankey-layout.ts';
import type { BusinessCalendar, CostAssumptions } from '#core/settings.ts';
import type { Figure } from '#analysis/report/withheld.ts';
import type { DepartmentRow, SummaryRow, TrendPointRow } from '../../../server/schemas.ts';

import type { UploadPreview } from '../../../server/repositories/upload-preview.ts';
import type { DepartmentRate } from '../../../server/repositories/settings-queries.ts';
import type { ImportRow } from '../../../server/repositories/import-queries.ts';
import type { TicketRow as ListedTicket, TicketDetail, TicketEventRow as TicketEvent, TicketOwnership } from '../../../server/repositories/ticket-queries.ts';
import type { FilterOptions } from '../../../server/routes/filter-options/options-sql.ts';

// Shapes that travel unchanged from the analysis modules and the server's repositories
// (JSON keeps them as they are): imported as types, never copied.
export type { BusinessCalendar, CostAssumptions, DepartmentRate, FilterOptions, ImportRow, ListedTicket, TicketDetail, TicketEvent, TicketOwnership, UploadPreview };
// The figures' rows are the server's response schemas, generated from the measure catalogue
// (analysis/measures): a measure added there appears here with no second declaration.
export type { DepartmentRow };
export type RoutingSummary = SummaryRow;
export type TrendPoint = TrendPointRow;
/** A ticket row without the owner-basis columns (the ticket detail's base). */
export type TicketRow = Omit<ListedTicket, 'owner' | 'misrouted' | 'redirected'>;

export interface FlowsResponse {
  flows: FlowDatum[];
}

export interface TrendResponse {
  interval: 'week' | 'month';
  timeZone: string;
  periods: TrendPoint[];
}

export interface Assumptions {
  ownerBasis: string;
  timeZone: string;
  defaultLandingDepartment: string;
  cost: CostAssumptions;
  calendar: BusinessCalendar;
}

export interface SummaryResponse {
  summary: RoutingSummary;
  assumptions: Assumptions;
}

export interface OwnershipGap {
  request_type: string | null;
  tickets: Figure;
  owners: { department: string; tickets: Figure; share: Figure }[];
  top_owner: string;
  top_owner_share: Figure;
  owner_entropy: Figure;
  misroute_share: Figure;
  coordination_cost: Figure;
  declared_owner: string | null;
  gap: boolean;
}

export interface AnswerGap {
  theme_key: string;
  theme: string;
  request_type: string | null;
  key_phrase: string;
  tickets: Figure;
  owner_department: string;
  coordination_cost: Figure;
  example_subjects: string[];
  knowledge_article_linked: boolean;
  answered: { url: string; answered_at: string; tickets_before: Figure; tickets_after: Figure } | null;
}

export interface TicketsResponse {
  total: number;
  limit: number;
  offset: number;
  tickets: ListedTicket[];
}

export interface SettingsResponse {
  timeZone: string;
  ownerBasis: string;
  defaultLandingDepartment: string;
  cost: CostAssumptions;
  calendar: BusinessCalendar;
  departments: string[];
  groupDepartments: { group: string; department: string }[];
  /** Counts are left out for a department head. */
  unmappedGroups: { group: string; assignments?: number; suggestion: { department: string; score: number } | null; opaque: boolean }[];
  requestTypeOwners: { requestType: string; department: string }[];
  requestTypes: { requestType: string; tickets?: number; declaredOwner: string | null }[];
  departmentRates: DepartmentRate[];
}

export interface ImportJob {
  phase: string;
  percent: number | null;
  summary: ImportSummary | null;
  error: string | null;
}

export interface UploadResponse {
  upload: { id: string; fileName: string; size: number };
  preview: UploadPreview;
}

export interface ImportSummary {
  importId: number | null;
  fileName: string;
  source: string;
  connector: string;
  connectorReason: string;
  status: string;
  rowsRead: number;
  ticketsImported: number;
  ticketsNew: number;
  eventsImported: number;
  rowsRejected: number;
  rejects: { row: number; column: string; value: string | null; reason: string }[];
  notes: string[];
}

export interface ReportResponse {
  report: {
    generated_at: string;
    filters: Record<string, string>;
    summary: RoutingSummary & { resolved_elsewhere: number; resolved_elsewhere_share: number };
    departments: DepartmentRow[];
    ownership_gaps: OwnershipGap[];
    answer_gaps: AnswerGap[];
    trends: { week: TrendPoint[]; month: TrendPoint[] };
  };
  tables: string[];
  assumptions: { timeZone: string; ownerBasis: string; defaultLandingDepartment: string; cost: CostAssumptions; calendar: BusinessCalendar };
}
