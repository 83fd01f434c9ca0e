package org.spinecds.cdshooks.service;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardRenderer;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.cards.RenderContext;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.ServiceDescriptor;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.DefineResults;

/**
 * A service whose answer is "evaluate this CQL library, then render the catalogue's cards for it": the whole
 * request path after validation and prefetch. The service packages only say which library, hook and data.
 */
public final class CatalogueCdsService implements CdsService {

    /** What a service package declares about itself. */
    public record Definition(String id, Hook hook, String title, String description, String usageRequirements,
            String library, List<PrefetchTemplate> prefetch) {
    }

    static final String UNAVAILABLE_DATA = "Unavailable Data";

    private final Definition definition;
    private final List<CardDefinition> cards;
    private final CqlEvaluator evaluator;
    private final CardRenderer renderer;
    private final Map<String, Object> parameters;
    private final Clock clock;
    private final IdGenerator ids;

    public CatalogueCdsService(Definition definition, List<CardDefinition> cards, CqlEvaluator evaluator,
            CardRenderer renderer, Map<String, Object> parameters, Clock clock, IdGenerator ids) {
        this.definition = definition;
        this.cards = List.copyOf(cards);
        this.evaluator = evaluator;
        this.renderer = renderer;
        this.parameters = Map.copyOf(parameters);
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public String id() {
        return definition.id();
    }

    @Override
    public Hook hook() {
        return definition.hook();
    }

    @Override
    public List<PrefetchTemplate> prefetch() {
        return definition.prefetch();
    }

    @Override
    public ServiceDescriptor descriptor() {
        Map<String, String> templates = new LinkedHashMap<>();
        definition.prefetch().forEach(t -> templates.put(t.key(), t.query()));
        return new ServiceDescriptor(definition.hook().id(), definition.id(), definition.title(),
                definition.description(), templates, definition.usageRequirements());
    }

    /** Site parameters plus what this request could not provide; every service library declares "Unavailable Data". */
    private Map<String, Object> parametersFor(ResolvedData data) {
        Map<String, Object> all = new LinkedHashMap<>(parameters);
        all.put(UNAVAILABLE_DATA, List.copyOf(data.unansweredKeys()));
        return all;
    }

    @Override
    public CdsResponse answer(CdsRequest request, ResolvedData data) {
        PatientData patientData = PatientData.of(request.patientId(), data.resources());
        DefineResults results = evaluator.evaluate(definition.library(), patientData, parametersFor(data),
                ZonedDateTime.now(clock));
        RenderContext context = new RenderContext(request.patientId(), request.userId(), ids);
        return new CdsResponse(renderer.render(cards, results, context));
    }
}
