// Response shapes of the API as the pages use them (the server's TypeBox schemas are the source).
import type { FlowDatum } from './charts/sankey-layout.ts';

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
  periods: { period: string; tickets: number; resolvedElsewhere: number }[];
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

export interface TicketsResponse {
  total: number;
  limit: number;
  offset: number;
  tickets: TicketRow[];
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

export interface CostAssumptions {
  triageMinutes: number;
  touchMinutes: number;
  defaultHourlyRate: number;
  currency: string;
}

export interface BusinessCalendar {
  workingDays: number[];
  dayStart: string;
  dayEnd: string;
  holidays: string[];
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
  delimiter: string;
  headers: string[];
  matches: { field: string; column: string; reason: string }[];
  fields: string[];
  sampleRows: string[][];
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
    summary: Record<string, number>;
    [table: string]: unknown;
  };
  tables: string[];
  assumptions: { timeZone: string; ownerBasis: string; defaultLandingDepartment: string; cost: CostAssumptions; calendar: BusinessCalendar };
}
