-- An itsme login belongs to the app that started it (issue 21): the hash of the app's secret, and the
-- keyed hash of the one-time result the callback page hands to that app.
ALTER TABLE itsme_flows ADD COLUMN app_secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE itsme_flows ADD COLUMN result_hash TEXT;
