-- The override snooze asks, on every patient-view, "which card kinds were overridden for this patient lately?".
-- Read through card_feedback, that meant every card ever sent to the patient (a chart opened ten times a day for a
-- year is some 25,000 rows, and the load test's single patient made each call 45 ms). The moment of the latest
-- override (the earlier of its outcome time and its receipt) is kept on the card itself, and indexed with the patient,
-- so that the question reads only overridden cards.
ALTER TABLE card_sent ADD COLUMN overridden_at TIMESTAMP WITH TIME ZONE;

UPDATE card_sent SET overridden_at = (
    SELECT MAX(LEAST(f.outcome_timestamp, f.received_at)) FROM card_feedback f
    WHERE f.card_uuid = card_sent.card_uuid AND f.outcome = 'overridden');

CREATE INDEX card_sent_overridden ON card_sent (patient_hash, service_id, overridden_at);
