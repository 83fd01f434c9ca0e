package org.spinecds.cdshooks.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What a card rests on: the article or the guideline by name (spec Decision 15), never a product. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"label", "url", "icon", "topic"})
public record Source(String label, String url, String icon, Coding topic) {
}
