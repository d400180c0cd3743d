// Response shapes of the API as the pages use them (the server's TypeBox schemas are the source).
import type { FlowDatum } from './charts/sankey-layout.ts';
import type { RoutingSummary } from '../../../../analysis/routing-summary/routing-summary.ts';
import type { TrendPoint } from '../../../../analysis/trends/trends.ts';
import type { BusinessCalendar, CostAssumptions } from '../../../../ingest/settings.ts';

// Shapes that travel unchanged from the analysis modules (JSON keeps them as they are).
export type { BusinessCalendar, CostAssumptions, RoutingSummary, TrendPoint };

export interface FirstLandingResponse {
  summary: { tickets: number; resolvedElsewhere: number; resolvedElsewhereShare: number };
  byDepartment: { department: string; ticketsLanded: number; resolvedElsewhere: number; resolvedElsewhereShare: number }[];
}

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

export interface DepartmentRow {
  department: string;
  tickets_owned: number;
  inbound_misrouted: number;
  inbound_misroute_share: number;
  tickets_landed: number;
  outbound_rerouted: number;
  outbound_reroute_share: number;
  median_hours_to_owner: number | null;
  median_business_hours_to_owner: number | null;
  coordination_hours: number;
  coordination_cost: number;
  resolved_elsewhere: number;
  resolved_elsewhere_share: number;
}

export interface OwnershipGap {
  request_type: string | null;
  tickets: number;
  owners: { department: string; tickets: number; share: number }[];
  top_owner: string;
  top_owner_share: number;
  owner_entropy: number;
  misroute_share: number;
  coordination_cost: number;
  declared_owner: string | null;
  gap: boolean;
}

export interface AnswerGap {
  theme_key: string;
  theme: string;
  request_type: string | null;
  key_phrase: string;
  tickets: number;
  owner_department: string;
  coordination_cost: number;
  example_subjects: string[];
  knowledge_article_linked: boolean;
  answered: { url: string; answered_at: string; tickets_before: number; tickets_after: number } | null;
}

export interface FilterOptions {
  departments: string[];
  locations: string[];
  requestTypes: string[];
  sources: string[];
  firstDay: string | null;
  lastDay: string | null;
}

export interface TicketRow {
  source: string;
  ticketId: string;
  createdAt: string;
  status: string | null;
  requestType: string | null;
  location: string | null;
  subject: string | null;
  sensitive: boolean;
  firstLanding: string;
  resolver: string;
  hops: number;
  departmentPath: string[];
  groupPath: string[];
}

export interface ListedTicket extends TicketRow {
  owner: string;
  misrouted: boolean;
  redirected: boolean;
}

export interface TicketsResponse {
  total: number;
  limit: number;
  offset: number;
  tickets: ListedTicket[];
}

export interface TicketEvent {
  seq: number;
  occurredAt: string;
  kind: string;
  groupAfter: string | null;
  department: string | null;
  automated: boolean;
  detail: string | null;
}

export interface TicketDetail extends TicketRow {
  description: string | null;
  resolutionCode: string | null;
  resolutionText: string | null;
  resolvedAt: string | null;
  events: TicketEvent[];
}

export interface SettingsResponse {
  timeZone: string;
  ownerBasis: string;
  defaultLandingDepartment: string;
  cost: CostAssumptions;
  calendar: BusinessCalendar;
  departments: string[];
  groupDepartments: { group: string; department: string }[];
  unmappedGroups: { group: string; assignments: number; suggestion: { department: string; score: number } | null }[];
  requestTypeOwners: { requestType: string; department: string }[];
  requestTypes: { requestType: string; tickets: number; declaredOwner: string | null }[];
}

export interface UploadPreview {
  connector: string | null;
  detection: string;
  candidates: { name: string; score: number; reason: string }[];
  connectors: { name: string; label: string }[];
  format: string | null;
  delimiter: string | null;
  dateFormat: string | null;
  headers: string[];
  matches: { field: string; column: string; reason: string }[];
  fields: string[];
  sampleRows: string[][];
  notes: string[];
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

export interface ImportRow {
  importId: number;
  source: string;
  connector: string;
  fileName: string | null;
  rowsRead: number;
  ticketsImported: number;
  eventsImported: number;
  rowsRejected: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
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
