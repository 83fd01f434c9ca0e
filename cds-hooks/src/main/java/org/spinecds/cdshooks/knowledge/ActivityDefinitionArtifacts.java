package org.spinecds.cdshooks.knowledge;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.ActivityDefinition.ActivityDefinitionKind;
import org.hl7.fhir.r4.model.ActivityDefinition.RequestIntent;
import org.hl7.fhir.r4.model.ActivityDefinition.RequestPriority;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.CommunicationRequest;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardCatalogue.ActionDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.SuggestionDefinition;
import org.spinecds.cql.engine.RuleSetVersion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * One ActivityDefinition per distinct resource a card's suggestion creates (the PT referral, the emergency
 * referral, the exercise instructions, a replacement analgesic…), built from the catalogue's resource templates:
 * what is drafted, with which intent and priority, for which product and dosage. Cards that draft the same resource
 * share one definition; what differs between them (the reasons, the exercises) is a dynamic value of the
 * PlanDefinition action, since a CQL define computes it.
 */
final class ActivityDefinitionArtifacts {

    private ActivityDefinitionArtifacts() {
    }

    /** By resource template, in catalogue order. */
    static Map<ObjectNode, ActivityDefinition> build(FhirContext fhirContext, CardCatalogue catalogue) {
        Map<ObjectNode, Set<String>> descriptions = new LinkedHashMap<>();
        for (CardDefinition card : catalogue.cards()) {
            for (SuggestionDefinition suggestion : card.suggestions()) {
                for (ActionDefinition action : suggestion.actions()) {
                    if (action.resource() != null) {
                        descriptions.computeIfAbsent(action.resource(), r -> new LinkedHashSet<>())
                                .add(action.description());
                    }
                }
            }
        }
        Map<ObjectNode, ActivityDefinition> byTemplate = new LinkedHashMap<>();
        descriptions.forEach((template, uses) -> byTemplate.put(template,
                definition((Resource) fhirContext.newJsonParser().parseResource(template.toString()), uses)));
        return byTemplate;
    }

    private static ActivityDefinition definition(Resource template, Set<String> uses) {
        ActivityDefinition definition = new ActivityDefinition();
        definition.setKind(ActivityDefinitionKind.fromCode(template.fhirType()));
        definition.setStatus(PublicationStatus.ACTIVE);
        definition.setVersion(RuleSetVersion.current());
        definition.setPublisher("spinecds");
        definition.setDescription("Drafted by the cards to: " + String.join("; ", uses) + ".");
        String what;
        if (template instanceof ServiceRequest request) {
            definition.setCode(request.getCode());
            definition.setIntent(RequestIntent.fromCode(request.getIntent().toCode()));
            definition.setPriority(RequestPriority.fromCode(request.getPriority().toCode()));
            what = text(request.getCode()) + " (" + request.getPriority().toCode() + ")";
        } else if (template instanceof CommunicationRequest request) {
            definition.setCode(request.getReasonCodeFirstRep());
            what = text(request.getReasonCodeFirstRep()) + " (instructions)";
        } else if (template instanceof MedicationRequest request) {
            definition.setProduct(request.getMedicationCodeableConcept());
            definition.setIntent(RequestIntent.fromCode(request.getIntent().toCode()));
            definition.setDosage(request.getDosageInstruction());
            what = text(request.getMedicationCodeableConcept());
        } else {
            throw new IllegalStateException("A card suggests creating a " + template.fhirType()
                    + ", which has no ActivityDefinition mapping");
        }
        definition.setTitle(what);
        // The id and name leave out a detail after a colon ("…malignancy: MRI of the spine within 1 week (urgent)").
        String shortTitle = what.replaceFirst(":[^(]*", " ");
        definition.setId(Canonicals.slug(shortTitle));
        definition.setName(Canonicals.pascalCase(shortTitle));
        definition.setUrl(Canonicals.of("ActivityDefinition", definition.getIdElement().getIdPart()));
        return definition;
    }

    /** The concept as read: its text, else its first display without the SNOMED CT semantic tag. */
    private static String text(CodeableConcept concept) {
        String text = concept.hasText() ? concept.getText() : concept.getCodingFirstRep().getDisplay();
        return text.replaceFirst(" \\((procedure|regime/therapy)\\)$", "");
    }
}
