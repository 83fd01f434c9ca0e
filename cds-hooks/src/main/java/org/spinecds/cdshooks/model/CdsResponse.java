package org.spinecds.cdshooks.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code {"cards": []}} is how a service says it has nothing to say, so cards is never omitted. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CdsResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards) {
}
