/**
 * Detection of every JSON fixture from the sample prepareFile takes with the scanner
 * (file-input/json-records.ts jsonSample), plain and gzip: which connector, the top-level
 * keys, the first record's keys (the columns detection and the preview see) and the arrays
 * that hold records. The values are written down from the files themselves. Then a wrapper
 * of more than 256 MiB over many lines, which a whole-file parse could not sample, is read.
 */
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareFile } from '#file-input/prepare-file.ts';
import { detectConnector } from '#connectors/registry.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const root = mkdtempSync(join(tmpdir(), 'switchboard-json-sample-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Expected {
  connector?: string | null;
  topLevelKeys?: string[];
  columns?: string[];
  arrays?: string[];
  error?: string;
}

const EXPECTED: Record<string, Expected> = {
  'bpic2014/activity-mapping.json': {
    connector: null,
    topLevelKeys: ['source', 'fields', 'dateFormat', 'timeZone', 'activityKinds'],
    columns: [],
  },
  'bpic2014/case-mapping.json': {
    connector: null,
    topLevelKeys: ['source', 'fields', 'dateFormat', 'timeZone', 'missingValues'],
    columns: [],
  },
  'real-shapes/airtable-facilities-requests.json': {
    connector: 'generic',
    topLevelKeys: ['records'],
    columns: ['id', 'createdTime', 'fields'],
    arrays: ['records'],
  },
  'real-shapes/expected.json': {
    connector: null,
    topLevelKeys: ['schooldude-workorders.csv', 'schooldude-workorder-history.tsv', 'spiceworks-tickets.csv', 'spiceworks-export.json', 'osticket-tickets.csv', 'osticket-thread-events.csv', 'glpi-search-export.csv', 'glpi-search-tickets.json', 'zammad-tickets.json', 'zammad-webhook-events.jsonl', 'teamdynamix-tickets.json', 'teamdynamix-report.csv', 'kace-tickets-api.json', 'kace-queue-changes.csv', 'freshdesk-tickets.json', 'freshdesk-search-results.json', 'freshdesk-ticket-activities.json', 'zendesk-ticket-metrics.json', 'itsm-incident-eventlog.csv', 'itsm-incidents-reassignments.csv', 'rt-transactions.tsv', 'rt-rest2-tickets.json', 'redmine-issues.json', 'redmine-issues-es.csv', 'jitbit-tickets.json', 'manageengine-sdp-requests.json', 'payroll-office-tracker.csv', 'soporte-casos-es.csv', 'hr-benefits-cases.csv', 'transportation-requests.tsv', 'district-router-events.ndjson', 'airtable-facilities-requests.json', 'queue-codes-eventlog.csv'],
    columns: [],
  },
  'real-shapes/freshdesk-search-results.json': {
    connector: 'generic',
    topLevelKeys: ['results', 'total'],
    columns: ['cc_emails', 'fwd_emails', 'reply_cc_emails', 'ticket_cc_emails', 'fr_escalated', 'spam', 'email_config_id', 'group_id', 'priority', 'requester_id', 'responder_id', 'source', 'company_id', 'status', 'subject', 'association_type', 'to_emails', 'product_id', 'id', 'type', 'due_by', 'fr_due_by', 'is_escalated', 'custom_fields', 'created_at', 'updated_at', 'associated_tickets_count', 'tags', 'stats'],
    arrays: ['results'],
  },
  'real-shapes/freshdesk-ticket-activities.json': {
    connector: 'generic',
    topLevelKeys: ['activities_data'],
    columns: ['performed_at', 'ticket_id', 'performer_type', 'performer_id', 'activity'],
    arrays: ['activities_data'],
  },
  'real-shapes/freshdesk-tickets.json': {
    connector: 'generic',
    columns: ['cc_emails', 'fwd_emails', 'reply_cc_emails', 'ticket_cc_emails', 'fr_escalated', 'spam', 'email_config_id', 'group_id', 'priority', 'requester_id', 'responder_id', 'source', 'company_id', 'status', 'subject', 'association_type', 'to_emails', 'product_id', 'id', 'type', 'due_by', 'fr_due_by', 'is_escalated', 'custom_fields', 'created_at', 'updated_at', 'associated_tickets_count', 'tags'],
  },
  'real-shapes/glpi-search-tickets.json': {
    connector: 'generic',
    topLevelKeys: ['totalcount', 'count', 'sort', 'order', 'data', 'content-range'],
    columns: ['Ticket.name', 'Ticket.id', 'Ticket.Entity.completename', 'Ticket.status', 'Ticket.date_mod', 'Ticket.date', 'Ticket.priority', 'Ticket.Group.completename', 'Ticket.ITILCategory.completename'],
    arrays: ['data'],
  },
  'real-shapes/jitbit-tickets.json': {
    connector: 'generic',
    columns: ['IssueID', 'Priority', 'StatusID', 'IssueDate', 'Subject', 'Status', 'UpdatedByUser', 'UpdatedByPerformer', 'CategoryID', 'UserName', 'Technician', 'FirstName', 'LastName', 'DueDate', 'TechFirstName', 'TechLastName', 'LastUpdated', 'UpdatedForTechView', 'UserID', 'CompanyID', 'CompanyName', 'SectionID', 'AssignedToUserID', 'Category', 'Section'],
  },
  'real-shapes/kace-tickets-api.json': {
    connector: 'generic',
    topLevelKeys: ['Count', 'Warnings', 'Tickets'],
    columns: ['id', 'title', 'summary', 'created', 'modified', 'time_opened', 'time_closed', 'due_date', 'hd_queue_id', 'hd_queue', 'owner', 'submitter', 'category', 'status', 'priority', 'asset_id', 'machine_id'],
    arrays: ['Tickets'],
  },
  'real-shapes/manageengine-sdp-requests.json': {
    connector: 'generic',
    topLevelKeys: ['response_status', 'list_info', 'requests'],
    columns: ['status_code', 'status'],
    arrays: ['response_status', 'requests'],
  },
  'real-shapes/redmine-issues.json': {
    connector: 'generic',
    topLevelKeys: ['issues', 'total_count', 'offset', 'limit'],
    columns: ['id', 'project', 'tracker', 'status', 'priority', 'author', 'assigned_to', 'category', 'subject', 'description', 'start_date', 'due_date', 'done_ratio', 'is_private', 'estimated_hours', 'created_on', 'updated_on', 'closed_on'],
    arrays: ['issues'],
  },
  'real-shapes/rt-rest2-tickets.json': {
    connector: 'generic',
    topLevelKeys: ['count', 'page', 'pages', 'per_page', 'total', 'items'],
    columns: ['type', 'id', '_url', 'Subject', 'Status', 'Queue', 'Created', 'LastUpdated', 'Resolved', 'Owner', 'Requestor'],
    arrays: ['items'],
  },
  'real-shapes/spiceworks-export.json': {
    connector: 'generic',
    topLevelKeys: ['users', 'tickets'],
    columns: ['id', 'first_name', 'last_name', 'email', 'role'],
    arrays: ['users', 'tickets'],
  },
  'real-shapes/teamdynamix-tickets.json': {
    connector: 'generic',
    columns: ['ID', 'ParentID', 'TypeID', 'TypeName', 'TypeCategoryName', 'Classification', 'ClassificationName', 'Title', 'Description', 'AccountID', 'AccountName', 'SourceName', 'StatusID', 'StatusName', 'PriorityName', 'CreatedDate', 'CreatedFullName', 'ModifiedDate', 'RequestorName', 'RequestorUid', 'ResponsibleGroupID', 'ResponsibleGroupName', 'ResponsibleFullName', 'ServiceName', 'StartDate', 'EndDate', 'RespondedDate'],
  },
  'real-shapes/zammad-tickets.json': {
    connector: 'generic',
    columns: ['id', 'group_id', 'priority_id', 'state_id', 'organization_id', 'number', 'title', 'owner_id', 'customer_id', 'note', 'first_response_at', 'close_at', 'last_contact_at', 'article_count', 'created_at', 'updated_at', 'group', 'state', 'priority', 'owner', 'customer', 'organization'],
  },
  'real-shapes/zammad-webhook-events.jsonl': {
    connector: 'generic',
    columns: ['ticket', 'article'],
  },
  'real-shapes/zendesk-ticket-metrics.json': {
    connector: 'generic',
    topLevelKeys: ['ticket_metrics', 'next_page', 'previous_page', 'count'],
    columns: ['url', 'id', 'ticket_id', 'created_at', 'updated_at', 'group_stations', 'assignee_stations', 'reopens', 'replies', 'assignee_updated_at', 'requester_updated_at', 'status_updated_at', 'initially_assigned_at', 'assigned_at', 'solved_at', 'latest_comment_added_at', 'reply_time_in_minutes', 'first_resolution_time_in_minutes', 'full_resolution_time_in_minutes', 'agent_wait_time_in_minutes', 'requester_wait_time_in_minutes', 'on_hold_time_in_minutes'],
    arrays: ['ticket_metrics'],
  },
  'vendors/freshservice/activities.json': { error: 'activities.json: starts like JSON but is not valid JSON (a second document starts at byte 587' },
  'vendors/freshservice/tickets-api.json': {
    connector: 'freshservice',
    topLevelKeys: ['tickets'],
    columns: ['id', 'subject', 'description_text', 'status', 'priority', 'source', 'type', 'group_id', 'department_id', 'responder_id', 'requester_id', 'category', 'sub_category', 'item_category', 'workspace_id', 'fr_due_by', 'created_at', 'updated_at', 'stats'],
    arrays: ['tickets'],
  },
  'vendors/incident-iq/activities-by-id.json': {
    connector: 'incident-iq',
    topLevelKeys: ['Items'],
    columns: ['TicketId', 'ActivityDate', 'ActivityType', 'FieldName', 'OldValue', 'NewValue', 'CreatedBy'],
    arrays: ['Items'],
  },
  'vendors/incident-iq/activities.json': {
    connector: 'incident-iq',
    topLevelKeys: ['ItemCount', 'Items'],
    columns: ['TicketNumber', 'ActivityDate', 'ActivityType', 'CreatedBy'],
    arrays: ['Items'],
  },
  'vendors/incident-iq/search.json': {
    connector: 'incident-iq',
    topLevelKeys: ['ItemCount', 'Paging', 'Items'],
    columns: ['TicketId', 'TicketNumber', 'Subject', 'IssueDescription', 'IssueCategoryName', 'Issue', 'AssignedToTeamId', 'AssignedToTeam', 'Location', 'WorkflowStep', 'ForUser', 'CreatedDate', 'ClosedDate', 'IsClosed', 'HasSensitiveInformation'],
    arrays: ['Items'],
  },
  'vendors/jira/search.json': {
    connector: 'jira',
    topLevelKeys: ['expand', 'startAt', 'maxResults', 'total', 'names', 'issues'],
    columns: ['id', 'key', 'self', 'fields', 'changelog'],
    arrays: ['issues'],
  },
  'vendors/servicenow/incidents-table-api.json': {
    connector: 'servicenow',
    topLevelKeys: ['result'],
    columns: ['number', 'sys_id', 'assignment_group', 'reassignment_count', 'opened_at', 'state', 'short_description', 'category', 'contact_type', 'location', 'caller_id'],
    arrays: ['result'],
  },
  'vendors/solarwinds-whd/tickets.json': {
    connector: 'solarwinds-whd',
    columns: ['id', 'type', 'subject', 'detail', 'reportDateUtc', 'lastUpdated', 'closeDate', 'displayClient', 'statustype', 'problemtype', 'location', 'techGroupLevel', 'notes'],
  },
  'vendors/zendesk/audits.json': {
    connector: 'zendesk',
    topLevelKeys: ['audits', 'next_page'],
    columns: ['id', 'ticket_id', 'created_at', 'author_id', 'via', 'events'],
    arrays: ['audits'],
  },
  'vendors/zendesk/ticket-events.json': {
    connector: 'zendesk',
    topLevelKeys: ['ticket_events', 'end_of_stream'],
    columns: ['id', 'ticket_id', 'timestamp', 'created_at', 'updater_id', 'via', 'event_type', 'child_events'],
    arrays: ['ticket_events'],
  },
  'vendors/zendesk/ticket-metrics.json': {
    connector: 'generic',
    topLevelKeys: ['ticket_metrics'],
    columns: ['id', 'ticket_id', 'group_stations', 'assignee_stations', 'reopens', 'solved_at'],
    arrays: ['ticket_metrics'],
  },
  'vendors/zendesk/tickets.json': {
    connector: 'zendesk',
    topLevelKeys: ['tickets', 'groups', 'next_page', 'count'],
    columns: ['id', 'subject', 'description', 'status', 'type', 'priority', 'created_at', 'updated_at', 'via', 'requester_id', 'group_id', 'assignee_id', 'tags'],
    arrays: ['tickets', 'groups'],
  },
};

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return /\.jsonl?$/.test(name) ? [relative(FIXTURES, path)] : [];
  });
}

async function detected(path: string, fileName: string): Promise<Expected> {
  let prepared;
  try {
    prepared = await prepareFile(path, fileName);
  } catch (e) {
    return { error: (e as Error).message };
  }
  try {
    const { sample } = prepared;
    return {
      connector: detectConnector(sample).connector?.name ?? null,
      ...(sample.topLevelKeys ? { topLevelKeys: sample.topLevelKeys } : {}),
      columns: Object.keys(sample.firstRecord ?? {}),
      ...(sample.firstRecords && Object.keys(sample.firstRecords).length ? { arrays: Object.keys(sample.firstRecords) } : {}),
    };
  } finally {
    prepared.cleanup();
  }
}

describe('the JSON sample of every fixture', () => {
  it('covers every JSON file in fixtures/', () => {
    expect(jsonFiles(FIXTURES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.error ? 'refused' : `detected as ${expected.connector ?? 'nothing'}`}, plain and gzip`, async () => {
      const name = file.split('/').pop()!;
      const gz = join(root, `${name}.gz`);
      writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, file))));
      for (const [path, fileName] of [[join(FIXTURES, file), name], [gz, name]]) {
        const got = await detected(path, fileName);
        if (expected.error) expect(got.error).toContain(expected.error);
        else expect(got).toEqual(expected);
      }
    });
  }

  it('samples the records the generic reader reads: the largest array of objects, the first written on a tie', async () => {
    const keyOf = async (file: string) => {
      const prepared = await prepareFile(join(FIXTURES, file), file);
      prepared.cleanup();
      return [prepared.recordKey, prepared.records?.length];
    };
    expect(await keyOf('real-shapes/spiceworks-export.json')).toEqual(['tickets', 20]); // 22 tickets beside 6 users
    expect(await keyOf('real-shapes/manageengine-sdp-requests.json')).toEqual(['requests', 20]); // 24 requests after 1 response_status
    expect(await keyOf('vendors/zendesk/tickets.json')).toEqual(['tickets', 3]); // 3 tickets, 3 groups
    expect(await keyOf('real-shapes/jitbit-tickets.json')).toEqual([undefined, 20]); // a top-level array of 22
  });
});

describe('a JSON wrapper of more than 256 MiB', () => {
  it('is sampled from its keys and first records, over many lines, with no whole-file parse', async () => {
    const path = join(root, 'big.json');
    const out = createWriteStream(path);
    const record = (i: number) => `{"ticket_id":"T${i}","created_at":"2025-01-02T03:04:05Z","assignment_group":"Service Desk","subject":"${'x'.repeat(200)}"}`;
    out.write('{"tickets": [\n');
    const perBlock = 10_000;
    let n = 0;
    while (n * 270 < 270 * 1024 * 1024) {
      const block = Array.from({ length: perBlock }, (_, j) => record(n + j + 1)).join(',\n');
      if (!out.write(`${n ? ',\n' : ''}${block}`)) await once(out, 'drain');
      n += perBlock;
    }
    out.end(`\n],\n"count": ${n}\n}\n`);
    await once(out, 'finish');
    expect(statSync(path).size).toBeGreaterThan(256 * 1024 * 1024);
    const prepared = await prepareFile(path, 'big.json');
    prepared.cleanup();
    expect(prepared.sample.topLevelKeys).toEqual(['tickets', 'count']);
    expect(prepared.sample.firstRecord).toEqual({ ticket_id: 'T1', created_at: '2025-01-02T03:04:05Z', assignment_group: 'Service Desk', subject: 'x'.repeat(200) });
    expect(detectConnector(prepared.sample).connector?.name).toBe('generic');
    expect([prepared.recordKey, prepared.records?.length, prepared.records?.[19]?.ticket_id]).toEqual(['tickets', 20, 'T20']);
    rmSync(path);
  }, 120_000);
});
