package org.spinecds.cdshooks.service;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardDefines;
import org.spinecds.cdshooks.cards.CardRenderer;
import org.spinecds.cdshooks.cards.RenderContext;
import org.spinecds.cdshooks.model.Action;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.Indicator;
import org.spinecds.cdshooks.model.Suggestion;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.engine.CqlEvaluator;

import ca.uhn.fhir.context.FhirContext;

/**
 * A suggestion to order something else is offered only if it is safe by the same rules: the patient's data is
 * re-evaluated as if the suggestion were accepted (its deletes applied, its new order drafted and judged), and
 * any warning or critical card that would then appear removes the suggestion. One rule set, not two.
 */
public final class SafeSuggestions {

    private final CqlEvaluator evaluator;
    private final CardRenderer renderer;
    private final CardCatalogue catalogue;
    private final FhirContext fhirContext;
    private final CardDefines cardDefines;

    public SafeSuggestions(CqlEvaluator evaluator, CardRenderer renderer, CardCatalogue catalogue,
            FhirContext fhirContext) {
        this.evaluator = evaluator;
        this.renderer = renderer;
        this.catalogue = catalogue;
        this.fhirContext = fhirContext;
        this.cardDefines = new CardDefines(catalogue);
    }

    /** The card with only its safe suggestions (and no selection behaviour left if none remain). */
    Card keepSafe(Card card, String library, CdsRequest request, ResolvedData data, Map<String, Object> parameters,
            ZonedDateTime now) {
        if (card.suggestions() == null || card.suggestions().isEmpty()) {
            return card;
        }
        List<Suggestion> safe = card.suggestions().stream()
                .filter(s -> isSafe(s, library, request, data, parameters, now))
                .toList();
        return new Card(card.uuid(), card.summary(), card.detail(), card.indicator(), card.source(), safe,
                safe.isEmpty() ? null : card.selectionBehavior(), card.overrideReasons(), card.links(),
                card.extension());
    }

    /** True when accepting the suggestion leaves no warning or critical card from the library's rules. */
    public boolean isSafe(Suggestion suggestion, String library, CdsRequest request, ResolvedData data,
            Map<String, Object> parameters, ZonedDateTime now) {
        Set<String> deleted = new HashSet<>();
        List<IBaseResource> created = new ArrayList<>();
        for (Action action : suggestion.actions()) {
            if (action.type().equals("delete")) {
                deleted.add(action.resourceId());
            } else if (action.resource() != null && "MedicationRequest".equals(action.resource().path("resourceType").asText())) {
                MedicationRequest order = (MedicationRequest) fhirContext.newJsonParser()
                        .parseResource(action.resource().toString());
                order.setId("suggested-" + created.size());
                order.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
                created.add(order);
            }
        }
        if (created.isEmpty()) {
            return true;
        }
        List<IBaseResource> resources = new ArrayList<>();
        for (IBaseResource resource : data.allResources()) {
            if (!deleted.contains(resource.fhirType() + "/" + resource.getIdElement().getIdPart())) {
                resources.add(resource);
            }
        }
        resources.addAll(created);
        Map<String, Object> asIfAccepted = new LinkedHashMap<>(parameters);
        asIfAccepted.put(OrderParameters.JUDGES_DRAFT_ORDERS, true);
        asIfAccepted.put(OrderParameters.JUDGED_ORDER_IDS,
                created.stream().map(r -> r.getIdElement().getIdPart()).toList());
        var results = cardDefines.evaluate(
                evaluator.open(PatientData.of(request.patientId(), resources), asIfAccepted, now), List.of(library))
                .get(library);
        RenderContext context = new RenderContext(request.patientId(), request.userId(), () -> "re-evaluation");
        return renderer.render(catalogue.forLibrary(library), results, context).stream()
                .allMatch(card -> card.indicator() == Indicator.INFO);
    }
}
