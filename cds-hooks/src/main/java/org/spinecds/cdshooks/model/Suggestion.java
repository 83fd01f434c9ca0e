package org.spinecds.cdshooks.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"label", "uuid", "isRecommended", "actions"})
public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {
}
