/**
 * The Deliveries page's data and actions: report schedules with their latest outcome,
 * adding, removing and sending one now (admins only; the server enforces it).
 */
import { getJson, sendJson } from './api';

export interface DeliveryOutcome {
  status: 'sent' | 'failed';
  attempts: number;
  period_from: string;
  period_to: string;
  message: string | null;
  attempted_at: string;
}

export interface ReportSchedule {
  schedule_id: number;
  name: string;
  frequency: 'weekly' | 'monthly';
  recipients: string[];
  department: string | null;
  next_due_at: string;
  last: DeliveryOutcome | null;
}

export interface DeliveryList {
  smtp_configured: boolean;
  schedules: ReportSchedule[];
}

export function loadDeliveries(fetcher: typeof fetch): Promise<DeliveryList> {
  return getJson<DeliveryList>(fetcher, '/api/deliveries');
}

export interface ScheduleInput {
  name: string;
  frequency: 'weekly' | 'monthly';
  recipients: string[];
  department: string | null;
}

/** Recipients as typed in one box: separated by commas, semicolons, spaces or lines. */
export function parseRecipients(text: string): string[] {
  return text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
}

export function addSchedule(input: ScheduleInput): Promise<ReportSchedule> {
  return sendJson<ReportSchedule>('POST', '/api/deliveries', input);
}

export function removeSchedule(id: number): Promise<null> {
  return sendJson<null>('DELETE', `/api/deliveries/${id}`);
}

export function sendNow(id: number): Promise<DeliveryOutcome> {
  return sendJson<DeliveryOutcome>('POST', `/api/deliveries/${id}/send`);
}
