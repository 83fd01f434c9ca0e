package org.spinecds.cdshooks.cards;

/** What a card needs from the request besides the CQL results: who the patient and the user are, and uuids. */
public record RenderContext(String patientId, String userId, IdGenerator ids) {
}
