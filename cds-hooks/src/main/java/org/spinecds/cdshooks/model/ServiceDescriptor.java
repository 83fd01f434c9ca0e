package org.spinecds.cdshooks.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One entry of the discovery response. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"hook", "id", "title", "description", "prefetch", "usageRequirements", "extension"})
public record ServiceDescriptor(String hook, String id, String title, String description,
        Map<String, String> prefetch, String usageRequirements, Map<String, Object> extension) {
}
