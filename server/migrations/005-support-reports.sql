-- Diagnosis reports sent to the helpdesk, found by the hash of their six-character code. When a report
-- expires its content and installation are deleted; the code's hash stays a while as an "expired" marker.
CREATE TABLE support_reports (
  id {{AUTO_ID}},
  code_hash TEXT NOT NULL UNIQUE,
  installation_id TEXT,
  report TEXT,
  personal_data BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX support_reports_installation ON support_reports(installation_id, created_at);
CREATE INDEX support_reports_expiry ON support_reports(expires_at);
-- The helpdesk page's audit trail: which agent viewed which report when.
CREATE TABLE helpdesk_views (
  id {{AUTO_ID}},
  agent TEXT NOT NULL,
  support_report_id BIGINT NOT NULL,
  report_id TEXT NOT NULL,
  viewed_at BIGINT NOT NULL
);
CREATE INDEX helpdesk_views_report ON helpdesk_views(support_report_id);
