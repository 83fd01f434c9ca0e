package org.spinecds.cql.engine;

import java.math.BigDecimal;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencds.cqf.cql.engine.runtime.BaseTemporal;
import org.opencds.cqf.cql.engine.runtime.Tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders define results as JSON: resources as "Type/id", decimals without trailing zeros, tuples as objects. Used by
 * the CQL test cases to state expected values and by the command-line evaluator to print them.
 */
public final class CqlJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CqlJson() {
    }

    public static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d.stripTrailingZeros());
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof BaseTemporal temporal) {
            return NODES.textNode(temporal.toString());
        }
        if (value instanceof IBaseResource resource) {
            return NODES.textNode(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        }
        if (value instanceof Tuple tuple) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<String, Object> element : tuple.getElements().entrySet()) {
                object.set(element.getKey(), toJson(element.getValue()));
            }
            return object;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        return NODES.textNode(value.getClass().getSimpleName() + ":" + value);
    }
}
