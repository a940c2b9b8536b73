CREATE TABLE itsme_flows (
  state_hash TEXT PRIMARY KEY,
  poll_id_hash TEXT NOT NULL UNIQUE,
  session_id_hash TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  state_used INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'collected')),
  customer_id BIGINT REFERENCES customers(id) ON DELETE CASCADE,
  error_code TEXT
);
