-- Cards the service sent, so that feedback can be joined to the card it answers. No patient data: the patient only
-- as a keyed hash (spinecds.feedback.patient-hash-key), for the override snooze of a later change.
CREATE TABLE card_sent (
    card_uuid        VARCHAR(64)  NOT NULL PRIMARY KEY,
    service_id       VARCHAR(100) NOT NULL,
    hook_instance    VARCHAR(200) NOT NULL,
    card_kind        VARCHAR(50)  NOT NULL,
    indicator        VARCHAR(10)  NOT NULL,
    patient_hash     VARCHAR(64)  NOT NULL,
    suggestion_uuids VARCHAR(2000) NOT NULL,
    sent_at          TIMESTAMP    NOT NULL
);

-- What the clinician did with a card. One row per card, outcome and moment: the same item posted twice is one row.
CREATE TABLE card_feedback (
    card_uuid            VARCHAR(64)  NOT NULL,
    outcome              VARCHAR(20)  NOT NULL,
    outcome_timestamp    TIMESTAMP    NOT NULL,
    accepted_suggestions VARCHAR(2000) NOT NULL,
    override_code        VARCHAR(100),
    override_system      VARCHAR(300),
    received_at          TIMESTAMP    NOT NULL,
    PRIMARY KEY (card_uuid, outcome, outcome_timestamp),
    FOREIGN KEY (card_uuid) REFERENCES card_sent (card_uuid)
);

CREATE INDEX card_sent_patient ON card_sent (patient_hash, card_kind);
