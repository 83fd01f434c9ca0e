package org.spinecds.cdshooks.cards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Condition;
import org.spinecds.cdshooks.cards.CardCatalogue.ActionDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.SuggestionDefinition;
import org.spinecds.cdshooks.model.Action;
import org.spinecds.cdshooks.model.Suggestion;
import org.spinecds.cql.engine.DefineResults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Completes a catalogue suggestion into a CDS Hooks suggestion: the draft resource gets its subject, its requester
 * (when the user is a practitioner), the Conditions it is for as reasons, or the exercise instructions as payload.
 */
final class SuggestionBuilder {

    private final ExerciseCatalogue exercises;

    SuggestionBuilder(ExerciseCatalogue exercises) {
        this.exercises = exercises;
    }

    Suggestion build(SuggestionDefinition definition, DefineResults results, RenderContext context) {
        List<Action> actions = new ArrayList<>();
        for (ActionDefinition actionDefinition : definition.actions()) {
            if (actionDefinition.type().equals("delete")) {
                results.list(actionDefinition.resourceIdsFrom()).forEach(id ->
                        actions.add(new Action("delete", actionDefinition.description(), null, (String) id)));
            } else {
                actions.add(create(actionDefinition, results, context));
            }
        }
        return new Suggestion(definition.label(), context.ids().next(), definition.isRecommended(), actions);
    }

    private Action create(ActionDefinition actionDefinition, DefineResults results, RenderContext context) {
        ObjectNode resource = actionDefinition.resource().deepCopy();
        resource.putObject("subject").put("reference", "Patient/" + context.patientId());
        if (context.userId().startsWith("Practitioner")) {
            resource.putObject("requester").put("reference", context.userId());
        }
        if (actionDefinition.reasonFrom() != null) {
            addReasons(resource, results.list(actionDefinition.reasonFrom()));
        }
        if (actionDefinition.exercisesFrom() != null) {
            resource.putArray("payload").addObject()
                    .put("contentString", instructions(results.list(actionDefinition.exercisesFrom())));
        }
        return new Action(actionDefinition.type(), actionDefinition.description(), resource, null);
    }

    private static void addReasons(ObjectNode resource, List<Object> conditions) {
        ArrayNode reasonCodes = resource.putArray("reasonCode");
        ArrayNode reasonReferences = resource.putArray("reasonReference");
        for (Object item : conditions) {
            Condition condition = (Condition) item;
            ArrayNode codings = reasonCodes.addObject().putArray("coding");
            condition.getCode().getCoding().forEach(coding -> {
                ObjectNode json = codings.addObject().put("system", coding.getSystem()).put("code", coding.getCode());
                if (coding.hasDisplay()) {
                    json.put("display", coding.getDisplay());
                }
            });
            if (condition.getIdElement().hasIdPart()) {
                reasonReferences.addObject().put("reference", "Condition/" + condition.getIdElement().getIdPart());
            }
        }
        if (reasonReferences.isEmpty()) {
            resource.remove("reasonReference");
        }
        if (reasonCodes.isEmpty()) {
            resource.remove("reasonCode");
        }
    }

    private String instructions(List<Object> exerciseIds) {
        Set<String> lines = new LinkedHashSet<>();
        for (Object id : exerciseIds) {
            ExerciseCatalogue.Exercise exercise = exercises.get((String) id);
            lines.add(exercise.name() + ": " + exercise.how());
        }
        return String.join(" ", lines) + " At least 3 times a week; stop and tell your clinician if tingling spreads or gets worse.";
    }
}
