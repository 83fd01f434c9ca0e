package org.spinecds.cdshooks.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"label", "url", "type", "appContext"})
public record Link(String label, String url, String type, String appContext) {
}
