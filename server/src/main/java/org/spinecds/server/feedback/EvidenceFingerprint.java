package org.spinecds.server.feedback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.spinecds.cdshooks.cards.EvidenceReferences;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.prefetch.ResolvedData;

/**
 * What a card was based on, as one keyed hash: its evidence references (with their versions) and, for records
 * without a version, their {@code meta.lastUpdated}. A new record or a new version of one gives a new fingerprint,
 * so an overridden card shows again at once.
 */
final class EvidenceFingerprint {

    private final KeyedHash hash;

    EvidenceFingerprint(KeyedHash hash) {
        this.hash = hash;
    }

    /** The fingerprint of each card, by card uuid: the records' update times are looked up once per call. */
    Map<String, String> of(List<Card> cards, ResolvedData data) {
        Set<String> unversioned = cards.stream().flatMap(card -> evidence(card).stream()).map(String::valueOf)
                .filter(reference -> !reference.contains("/_history/")).collect(Collectors.toSet());
        Map<String, String> updated = unversioned.isEmpty() ? Map.of() : lastUpdated(unversioned, data);
        Map<String, String> fingerprints = new HashMap<>();
        for (Card card : cards) {
            TreeSet<String> parts = new TreeSet<>();
            for (Object reference : evidence(card)) {
                String ref = String.valueOf(reference);
                parts.add(ref + "|" + updated.getOrDefault(ref, ""));
            }
            fingerprints.put(card.uuid(), hash.of(String.join("\n", parts)));
        }
        return fingerprints;
    }

    private static List<?> evidence(Card card) {
        return card.extension().get(Card.EVIDENCE_EXTENSION) instanceof List<?> references ? references : List.of();
    }

    /** The update times of the records named without a version: the request's records are read only for them. */
    private static Map<String, String> lastUpdated(Set<String> references, ResolvedData data) {
        Map<String, String> updated = new HashMap<>();
        for (IBaseResource resource : data.allResources()) {
            if (resource.getMeta().getLastUpdated() != null) {
                EvidenceReferences.of(resource).filter(references::contains).ifPresent(reference ->
                        updated.put(reference, String.valueOf(resource.getMeta().getLastUpdated().getTime())));
            }
        }
        return updated;
    }
}
