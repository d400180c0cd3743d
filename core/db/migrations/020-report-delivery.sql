-- Reports e-mailed on a schedule (dashboard/server/delivery). A schedule names its
-- recipients and, for a department head's copy, the department whose view it sends (other
-- departments' small figures withheld as on the page). next_due_at is the next instant it
-- is due, in UTC, computed in the district's zone; each attempt is logged in
-- report_deliveries so admins see a permanent failure.

CREATE SEQUENCE report_schedule_ids START 1;

CREATE TABLE report_schedules (
  schedule_id INTEGER PRIMARY KEY DEFAULT nextval('report_schedule_ids'),
  name VARCHAR NOT NULL,
  frequency VARCHAR NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
  recipients VARCHAR[] NOT NULL,
  department VARCHAR,                      -- NULL: the district report; else that department head's view
  next_due_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE report_delivery_ids START 1;

CREATE TABLE report_deliveries (
  delivery_id INTEGER PRIMARY KEY DEFAULT nextval('report_delivery_ids'),
  schedule_id INTEGER NOT NULL,
  period_from DATE NOT NULL,               -- the days the report covers, in the district's zone
  period_to DATE NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('sent', 'failed')),
  attempts INTEGER NOT NULL,
  message VARCHAR,                         -- the server's answer, or why it failed
  attempted_at TIMESTAMPTZ NOT NULL
);
