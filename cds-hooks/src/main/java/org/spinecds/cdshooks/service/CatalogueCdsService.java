package org.spinecds.cdshooks.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.spinecds.cdshooks.SiteSettings;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardDefines;
import org.spinecds.cdshooks.cards.CardRenderer;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.cards.RenderContext;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.ServiceDescriptor;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.DefineResults;
import org.spinecds.cql.engine.RuleSetVersion;

/**
 * A service whose answer is "evaluate these CQL libraries, then render the catalogue's cards for each": the whole
 * request path after validation and prefetch. The service packages only say which libraries, hook and data.
 */
public final class CatalogueCdsService implements CdsService {

    static final String UNAVAILABLE_DATA = "Unavailable Data";
    static final String SITE_PARAMETERS_EXTENSION = "org.spinecds.site-parameters";
    static final String DISABLED_CARDS_EXTENSION = "org.spinecds.disabled-cards";

    /** CQL parameters that come from the request itself (e.g. which draft orders an order hook judges). */
    @FunctionalInterface
    public interface RequestParameters {
        RequestParameters NONE = (request, data) -> Map.of();

        Map<String, Object> of(CdsRequest request, ResolvedData data);
    }

    /**
     * What a service package declares about itself. Libraries are evaluated, and their cards shown, in order.
     * With {@code safeSuggestionsOnly}, a suggestion that would itself raise a warning is not offered.
     */
    public record Definition(String id, Hook hook, String title, String description, String usageRequirements,
            List<String> libraries, List<PrefetchTemplate> prefetch, RequestParameters requestParameters,
            boolean safeSuggestionsOnly) {
    }

    private final Definition definition;
    private final CardCatalogue catalogue;
    private final CqlEvaluator evaluator;
    private final CardRenderer renderer;
    private final SafeSuggestions safeSuggestions;
    private final SiteSettings site;
    private final Clock clock;
    private final IdGenerator ids;
    private final CardDefines cardDefines;

    public CatalogueCdsService(Definition definition, CardCatalogue catalogue, CqlEvaluator evaluator,
            CardRenderer renderer, SafeSuggestions safeSuggestions, SiteSettings site, Clock clock, IdGenerator ids) {
        this.definition = definition;
        this.catalogue = catalogue;
        this.evaluator = evaluator;
        this.renderer = renderer;
        this.safeSuggestions = safeSuggestions;
        this.site = site;
        this.clock = clock;
        this.ids = ids;
        this.cardDefines = new CardDefines(catalogue);
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
                definition.description(), templates, definition.usageRequirements(), extension());
    }

    // The rule-set version, and what the site set: its parameter values and the card kinds it switched off.
    private Map<String, Object> extension() {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put(Card.RULESET_VERSION_EXTENSION, RuleSetVersion.current());
        Map<String, String> parameters = new TreeMap<>();
        site.parameters().forEach((name, value) -> parameters.put(name, value instanceof Quantity quantity
                ? quantity.getValue().stripTrailingZeros().toPlainString() + " " + quantity.getUnit()
                : value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : value.toString()));
        if (!parameters.isEmpty()) {
            extension.put(SITE_PARAMETERS_EXTENSION, parameters);
        }
        if (!site.disabledCards().isEmpty()) {
            extension.put(DISABLED_CARDS_EXTENSION, site.disabledCards().stream().sorted().toList());
        }
        return extension;
    }

    @Override
    public CdsResponse answer(CdsRequest request, ResolvedData data) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        PatientData patientData = PatientData.of(request.patientId(), data.allResources());
        Map<String, Object> parameters = parametersFor(request, data);
        RenderContext context = new RenderContext(request.patientId(), request.userId(), ids);
        Map<String, DefineResults> resultsByLibrary =
                cardDefines.evaluate(evaluator.open(patientData, parameters, now), definition.libraries());
        List<Card> cards = new ArrayList<>();
        for (String library : definition.libraries()) {
            List<Card> rendered = renderer.render(catalogue.forLibrary(library), resultsByLibrary.get(library), context);
            for (Card card : rendered) {
                cards.add(definition.safeSuggestionsOnly()
                        ? safeSuggestions.keepSafe(card, library, request, data, parameters, now)
                        : card);
            }
        }
        // Most urgent first; within an indicator, library and catalogue order (the sort is stable).
        cards.sort(Comparator.comparing(Card::indicator).reversed());
        return new CdsResponse(cards);
    }

    /** Site parameters, what this request could not provide, and what the request itself decides. */
    private Map<String, Object> parametersFor(CdsRequest request, ResolvedData data) {
        Map<String, Object> all = new LinkedHashMap<>(site.parameters());
        all.put(UNAVAILABLE_DATA, List.copyOf(data.unansweredKeys()));
        all.putAll(definition.requestParameters().of(request, data));
        return all;
    }
}
