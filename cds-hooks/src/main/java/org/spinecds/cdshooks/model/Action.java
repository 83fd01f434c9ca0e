package org.spinecds.cdshooks.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** A create, update or delete the clinician can accept; {@code resource} is FHIR JSON, {@code resourceId} a relative reference. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "description", "resource", "resourceId"})
public record Action(String type, String description, JsonNode resource, String resourceId) {
}
