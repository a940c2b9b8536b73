CREATE TABLE customers (
  id {{AUTO_ID}},
  national_number_hash TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  customer_id BIGINT REFERENCES customers(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE challenges (
  session_id_hash TEXT PRIMARY KEY REFERENCES sessions(id_hash) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE pending_codes (
  customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'phone')),
  target TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts_left INTEGER NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, channel)
);
CREATE TABLE confirmations (
  id {{AUTO_ID}},
  customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  target TEXT NOT NULL,
  confirmed_at BIGINT NOT NULL
);
CREATE INDEX confirmations_customer ON confirmations(customer_id);
CREATE TABLE handoffs (
  token_hash TEXT PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL
);
