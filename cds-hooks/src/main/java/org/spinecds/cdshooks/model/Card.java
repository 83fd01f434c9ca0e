package org.spinecds.cdshooks.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"uuid", "summary", "detail", "indicator", "source", "suggestions", "selectionBehavior",
        "overrideReasons", "links", "extension"})
public record Card(String uuid, String summary, String detail, Indicator indicator, Source source,
        List<Suggestion> suggestions, String selectionBehavior, List<Coding> overrideReasons, List<Link> links,
        Map<String, Object> extension) {

    /** Reverse-DNS extension key carrying the catalogue id of the card (e.g. BT-PT-L), for feedback and audit. */
    public static final String CARD_ID_EXTENSION = "org.spinecds.card-id";

    /** Reverse-DNS extension key (on cards and in discovery) carrying the version of the rule set that answered. */
    public static final String RULESET_VERSION_EXTENSION = "org.spinecds.ruleset-version";

    /**
     * Reverse-DNS extension key listing the records that made the card fire, as references with their version
     * ({@code Condition/c1/_history/3}): the machine-readable twin of the detail's "Based on" list.
     */
    public static final String EVIDENCE_EXTENSION = "org.spinecds.evidence";
}
