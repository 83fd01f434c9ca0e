package org.spinecds.cdshooks;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardLinks;
import org.spinecds.cdshooks.cards.CardRenderer;
import org.spinecds.cdshooks.cards.ExerciseCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.prefetch.FhirServerFallback;
import org.spinecds.cdshooks.prefetch.PrefetchResolver;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.cdshooks.service.CdsService;
import org.spinecds.cdshooks.service.CdsServiceRegistry;
import org.spinecds.cdshooks.service.SafeSuggestions;
import org.spinecds.cdshooks.service.backparesthesia.BackParesthesiaService;
import org.spinecds.cdshooks.service.otcanalgesic.OtcAnalgesicOrderServices;
import org.spinecds.cql.engine.CqlEvaluator;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/**
 * Builds the CDS Hooks layer from its parts, the same way for the server and for the tests: the catalogue, exercise
 * and handout files (card links made absolute from the site's public base URL), every service of this product, the request parser and the prefetch resolver.
 */
public final class CdsHooksAssembly {

    private CdsHooksAssembly() {
    }

    /** The definitions of every service offered, in discovery order. */
    public static List<CatalogueCdsService.Definition> serviceDefinitions() {
        return List.of(BackParesthesiaService.definition(), OtcAnalgesicOrderServices.orderSelect(),
                OtcAnalgesicOrderServices.orderSign());
    }

    public static CdsHooksApi assemble(CqlEvaluator evaluator, FhirContext fhirContext, ObjectMapper json,
            Clock clock, IdGenerator ids, Optional<FhirServerFallback> fhirServerFallback) {
        return assemble(evaluator, fhirContext, json, clock, ids, fhirServerFallback, CardSnooze.NONE,
                CallObserver.NONE, SiteSettings.DEFAULTS);
    }

    public static CdsHooksApi assemble(CqlEvaluator evaluator, FhirContext fhirContext, ObjectMapper json,
            Clock clock, IdGenerator ids, Optional<FhirServerFallback> fhirServerFallback, CardSnooze snooze,
            CallObserver observer, SiteSettings site) {
        CardCatalogue catalogue = CardCatalogue.loadFromClasspath(json);
        ExerciseCatalogue exercises = ExerciseCatalogue.loadFromClasspath(json);
        CardLinks links = new CardLinks(catalogue, HandoutCatalogue.loadFromClasspath(json, exercises),
                site.publicBaseUrl());
        CardRenderer renderer = new CardRenderer(catalogue, exercises, links);
        // A suggestion is checked against every safety card, switched off at this site or not.
        SafeSuggestions safeSuggestions = new SafeSuggestions(evaluator, renderer, catalogue, fhirContext);
        CardCatalogue shown = catalogue.withoutCards(site.disabledCards());
        List<CdsService> services = serviceDefinitions().stream()
                .map(definition -> (CdsService) new CatalogueCdsService(definition, shown, evaluator, renderer,
                        safeSuggestions, site, clock, ids))
                .toList();
        return new CdsHooksApi(new CdsServiceRegistry(services), new CdsRequestParser(json),
                new PrefetchResolver(fhirContext, fhirServerFallback, Optional.of(evaluator.retrievableCodes())), snooze,
                observer);
    }
}
