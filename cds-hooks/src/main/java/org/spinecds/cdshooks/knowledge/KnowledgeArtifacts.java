package org.spinecds.cdshooks.knowledge;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.cql.engine.ElmLibraries;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * The knowledge the service runs on, as FHIR artifacts: the CQL libraries (source and ELM), their value sets, one
 * PlanDefinition per CDS service and the ActivityDefinitions its suggestions draft. Built once, at start-up, from the
 * same ELM, value-set files and card catalogue the engine and the services use, so that what is published is what
 * runs; nothing here is a second copy kept in the repository.
 */
public record KnowledgeArtifacts(List<Library> libraries, List<ValueSet> valueSets,
        List<PlanDefinition> planDefinitions, List<ActivityDefinition> activityDefinitions) {

    public static KnowledgeArtifacts build(ElmLibraries elm, CardCatalogue catalogue,
            List<CatalogueCdsService.Definition> services, FhirContext fhirContext, ObjectMapper json) {
        Map<String, ValueSet> valueSets = ValueSetArtifacts.build(fhirContext, elm.declaredValueSetUrls());
        Map<ObjectNode, ActivityDefinition> activities = ActivityDefinitionArtifacts.build(fhirContext, catalogue);
        requireDistinctIds(activities.values().stream().map(a -> a.getIdElement().getIdPart()).toList());
        return new KnowledgeArtifacts(LibraryArtifacts.build(elm, valueSets), List.copyOf(valueSets.values()),
                new PlanDefinitionArtifacts(catalogue, elm, activities, json).build(services),
                List.copyOf(activities.values()));
    }

    private static void requireDistinctIds(List<String> ids) {
        Set<String> seen = new HashSet<>();
        ids.stream().filter(id -> !seen.add(id)).findFirst().ifPresent(id -> {
            throw new IllegalStateException("Two ActivityDefinitions would have the id " + id);
        });
    }
}
