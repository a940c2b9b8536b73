-- Counters shared by every instance: rate limits, code sends and wrong codes per customer, SMS caps and
-- the daily SMS budget. A window starts at a key's first event and ends at resets_at. Keys are keyed
-- hashes (no client address or customer id in clear).
CREATE TABLE counters (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  resets_at BIGINT NOT NULL
);
CREATE INDEX counters_resets_at ON counters(resets_at);
