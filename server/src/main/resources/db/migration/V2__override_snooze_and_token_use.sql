-- The override snooze: a card kind overridden for a patient stays hidden until its evidence changes, so each card
-- sent keeps a keyed hash of the records it was based on. Cards sent to trial callers (the clinician page) are
-- marked: their feedback counts neither for the snooze nor in the statistics.
ALTER TABLE card_sent ADD COLUMN evidence_hash VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE card_sent ADD COLUMN trial BOOLEAN DEFAULT FALSE NOT NULL;

-- Instants, whatever the time zone of the JVM that wrote them.
ALTER TABLE card_sent ALTER COLUMN sent_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE card_feedback ALTER COLUMN outcome_timestamp SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE card_feedback ALTER COLUMN received_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;

-- The retention job deletes by age.
CREATE INDEX card_sent_time ON card_sent (sent_at);

-- The replay cache shared by replicas: a token's issuer and jti (as one SHA-256, never the token) until it expires.
CREATE TABLE token_use (
    token_key  CHAR(64)                 NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX token_use_expiry ON token_use (expires_at);
