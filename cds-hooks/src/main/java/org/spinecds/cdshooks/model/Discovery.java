package org.spinecds.cdshooks.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code GET /cds-services}: always a list, empty when no service is offered. */
public record Discovery(@JsonInclude(JsonInclude.Include.ALWAYS) List<ServiceDescriptor> services) {
}
