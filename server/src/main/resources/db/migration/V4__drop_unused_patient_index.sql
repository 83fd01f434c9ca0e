-- card_sent_patient (patient_hash, card_kind) served the override snooze's first read, through card_feedback; since
-- V3 the snooze reads card_sent_overridden, and no query starts from the patient and the kind. The index only cost
-- every card recorded another B-tree insert.
DROP INDEX card_sent_patient;
