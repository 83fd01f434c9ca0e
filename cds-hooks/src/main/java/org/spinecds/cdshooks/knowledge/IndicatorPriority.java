package org.spinecds.cdshooks.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.r4.model.PlanDefinition.RequestPriority;
import org.spinecds.cdshooks.model.Indicator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A card's indicator as a PlanDefinition action's priority (info: routine, warning: urgent, critical: stat, the
 * order of both scales). A card whose indicator a define computes ({@code indicatorFrom}) gets the most severe
 * indicator that define can answer, read from the string literals of its ELM: a reader of the PlanDefinition must
 * never take a card that can be critical for a routine one; the action's description says which define decides.
 */
final class IndicatorPriority {

    private IndicatorPriority() {
    }

    static RequestPriority of(Indicator indicator) {
        return switch (indicator) {
            case INFO -> RequestPriority.ROUTINE;
            case WARNING -> RequestPriority.URGENT;
            case CRITICAL -> RequestPriority.STAT;
        };
    }

    /**
     * The indicators a define can answer, least urgent first: the indicator codes among the string literals of its
     * expression. A define that names none cannot grade a card and stops the start.
     */
    static List<Indicator> possible(ObjectMapper json, String elmJson, String libraryName, String define) {
        JsonNode expression = defineExpression(json, elmJson, define);
        if (expression == null) {
            throw new IllegalStateException("Library " + libraryName + " has no define \"" + define + "\"");
        }
        Set<String> literals = new TreeSet<>();
        collectStringLiterals(expression, literals);
        List<Indicator> indicators = new ArrayList<>(Arrays.stream(Indicator.values())
                .filter(indicator -> literals.contains(indicator.code())).toList());
        if (indicators.isEmpty()) {
            throw new IllegalStateException("The define \"" + define + "\" of " + libraryName
                    + " grades a card but names no indicator (info, warning, critical)");
        }
        indicators.sort(Comparator.naturalOrder());
        return indicators;
    }

    private static JsonNode defineExpression(ObjectMapper json, String elmJson, String define) {
        try {
            for (JsonNode def : json.readTree(elmJson).path("library").path("statements").path("def")) {
                if (define.equals(def.path("name").asText())) {
                    return def.path("expression");
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectStringLiterals(JsonNode node, Set<String> literals) {
        if ("Literal".equals(node.path("type").asText()) && node.path("valueType").asText().endsWith("}String")) {
            literals.add(node.path("value").asText());
        }
        node.forEach(child -> collectStringLiterals(child, literals));
    }
}
