package org.spinecds.cdshooks.knowledge;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.ActionConditionKind;
import org.hl7.fhir.r4.model.PlanDefinition.ActionSelectionBehavior;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.RelatedArtifact.RelatedArtifactType;
import org.hl7.fhir.r4.model.TriggerDefinition.TriggerType;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardCatalogue.ActionDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.SourceDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.SuggestionDefinition;
import org.spinecds.cdshooks.model.Indicator;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.cql.engine.ElmLibraries;
import org.spinecds.cql.engine.RuleSetVersion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One PlanDefinition (an ECA rule) per CDS service, after the HL7 CDS Hooks / Clinical Reasoning mapping: the
 * service's hook is each action's named-event trigger, the card's {@code when} define its applicability condition
 * (a {@code text/cql-identifier} in the card's library), the card its action with the indicator as priority and the
 * catalogue's source as documentation, and each suggestion a sub-action whose own actions create (from an
 * ActivityDefinition) or remove resources.
 */
final class PlanDefinitionArtifacts {

    static final String CQL_IDENTIFIER = "text/cql-identifier";
    static final String CQL_EXPRESSION = "text/cql-expression";
    private static final String PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type";
    private static final String ACTION_TYPE = "http://terminology.hl7.org/CodeSystem/action-type";

    private final CardCatalogue catalogue;
    private final ElmLibraries libraries;
    private final Map<ObjectNode, ActivityDefinition> activities;
    private final ObjectMapper json;

    PlanDefinitionArtifacts(CardCatalogue catalogue, ElmLibraries libraries,
            Map<ObjectNode, ActivityDefinition> activities, ObjectMapper json) {
        this.catalogue = catalogue;
        this.libraries = libraries;
        this.activities = activities;
        this.json = json;
    }

    List<PlanDefinition> build(List<CatalogueCdsService.Definition> services) {
        return services.stream().map(this::planDefinition).toList();
    }

    private PlanDefinition planDefinition(CatalogueCdsService.Definition service) {
        PlanDefinition plan = new PlanDefinition();
        plan.setId(service.id());
        plan.setUrl(Canonicals.of("PlanDefinition", service.id()));
        plan.setVersion(RuleSetVersion.current());
        plan.setName(Canonicals.pascalCase(service.id()));
        plan.setTitle(service.title());
        plan.setDescription(service.description());
        plan.setUsage(service.usageRequirements());
        plan.setStatus(PublicationStatus.ACTIVE);
        plan.setPublisher("spinecds");
        plan.setType(new CodeableConcept(new Coding(PLAN_TYPE, "eca-rule", "ECA Rule")));
        for (String library : service.libraries()) {
            plan.addLibrary(libraryCanonical(library));
            for (CardDefinition card : catalogue.forLibrary(library)) {
                plan.addAction(cardAction(service, library, card));
            }
        }
        return plan;
    }

    private PlanDefinitionActionComponent cardAction(CatalogueCdsService.Definition service, String library,
            CardDefinition card) {
        PlanDefinitionActionComponent action = new PlanDefinitionActionComponent();
        action.setId(card.id());
        action.setTitle(card.summary().get(card.summary().size() - 1).text());
        action.addCode(new CodeableConcept(new Coding(card.topic().system(), card.topic().code(),
                card.topic().display())));
        action.addTrigger().setType(TriggerType.NAMEDEVENT).setName(service.hook().id());
        action.addCondition().setKind(ActionConditionKind.APPLICABILITY)
                .setExpression(identifier(library, card.when()));
        SourceDefinition source = catalogue.source(card.source());
        action.addDocumentation().setType(RelatedArtifactType.DOCUMENTATION).setDisplay(source.label())
                .setUrl(source.url());
        if (card.indicatorFrom() == null) {
            action.setPriority(IndicatorPriority.of(card.indicator()));
            action.setDescription("Card " + card.id() + ", indicator " + card.indicator().code() + ".");
        } else {
            List<Indicator> possible = IndicatorPriority.possible(json,
                    ElmLibraries.elmJson(libraries.require(library).getIdentifier()), library, card.indicatorFrom());
            action.setPriority(IndicatorPriority.of(possible.get(possible.size() - 1)));
            action.setDescription("Card " + card.id() + ", indicator from the define \"" + card.indicatorFrom()
                    + "\": " + possible.stream().map(Indicator::code).collect(Collectors.joining(" or "))
                    + "; the priority is the most urgent of these.");
        }
        if (card.selectionBehavior() != null) {
            action.setSelectionBehavior(ActionSelectionBehavior.fromCode(card.selectionBehavior()));
        }
        card.suggestions().forEach(suggestion -> action.addAction(suggestionAction(library, suggestion)));
        return action;
    }

    private PlanDefinitionActionComponent suggestionAction(String library, SuggestionDefinition suggestion) {
        PlanDefinitionActionComponent action = new PlanDefinitionActionComponent();
        action.setTitle(suggestion.label());
        if (suggestion.when() != null) {
            action.addCondition().setKind(ActionConditionKind.APPLICABILITY)
                    .setExpression(identifier(library, suggestion.when()));
        }
        if (suggestion.unless() != null) {
            action.addCondition().setKind(ActionConditionKind.APPLICABILITY).setExpression(new Expression()
                    .setLanguage(CQL_EXPRESSION).setExpression("not \"" + suggestion.unless() + "\"")
                    .setReference(libraryCanonical(library)));
        }
        suggestion.actions().forEach(step -> action.addAction(step(library, step)));
        return action;
    }

    /** A create step drafts its ActivityDefinition, completed by the defines that give reasons or exercises. */
    private PlanDefinitionActionComponent step(String library, ActionDefinition step) {
        PlanDefinitionActionComponent action = new PlanDefinitionActionComponent();
        action.setDescription(step.description());
        if (step.resource() == null) {
            action.setType(new CodeableConcept(new Coding(ACTION_TYPE, "remove", "Remove")));
            if (step.resourceIdsFrom() != null) {
                action.setDescription(step.description() + " (the records the define \"" + step.resourceIdsFrom()
                        + "\" lists)");
            }
            return action;
        }
        action.setType(new CodeableConcept(new Coding(ACTION_TYPE, "create", "Create")));
        action.setDefinition(new CanonicalType(activities.get(step.resource()).getUrl()));
        if (step.reasonFrom() != null) {
            action.addDynamicValue().setPath("reasonReference").setExpression(identifier(library, step.reasonFrom()));
        }
        if (step.exercisesFrom() != null) {
            action.addDynamicValue().setPath("payload").setExpression(identifier(library, step.exercisesFrom())
                    .setDescription("The exercises this define lists, each as written in cards/exercises.json"));
        }
        return action;
    }

    private Expression identifier(String library, String define) {
        return new Expression().setLanguage(CQL_IDENTIFIER).setExpression(define)
                .setReference(libraryCanonical(library));
    }

    private String libraryCanonical(String library) {
        return Canonicals.versioned(Canonicals.library(library), libraries.require(library).getIdentifier().getVersion());
    }
}
