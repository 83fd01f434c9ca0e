package org.spinecds.server.fhir;

import java.time.Clock;
import java.util.List;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.SiteSettings;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.knowledge.KnowledgeArtifacts;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.RuleSetVersion;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * The FHIR knowledge server at {@code /fhir}: a read-only R4 HAPI {@link RestfulServer} publishing the artifacts the
 * service runs on (README, "Knowledge artifacts"). They hold no patient data, so reads need no token (the CDS
 * client filter covers {@code /cds-services} and {@code /feedback} only). {@code Library/$evaluate} takes patient
 * data and exists only when {@code spinecds.knowledge.evaluate-enabled} is true (the local profile); otherwise it is
 * neither served nor named in the CapabilityStatement.
 */
@Configuration(proxyBeanMethods = false)
class KnowledgeServerConfiguration {

    /** Built as the services are: the same ELM, value sets and catalogue, without the cards the site switched off. */
    @Bean
    KnowledgeArtifacts knowledgeArtifacts(CqlEvaluator evaluator, FhirContext fhirContext, ObjectMapper cdsJsonMapper,
            SiteSettings siteSettings) {
        CardCatalogue catalogue = CardCatalogue.loadFromClasspath(cdsJsonMapper).withoutCards(siteSettings.disabledCards());
        return KnowledgeArtifacts.build(evaluator.libraries(), catalogue, CdsHooksAssembly.serviceDefinitions(),
                fhirContext, cdsJsonMapper);
    }

    @Bean
    ServletRegistrationBean<RestfulServer> knowledgeServer(FhirContext fhirContext, KnowledgeArtifacts artifacts,
            CqlEvaluator evaluator, SiteSettings siteSettings, Clock clock,
            @Value("${spinecds.knowledge.evaluate-enabled:false}") boolean evaluateEnabled) {
        RestfulServer server = new RestfulServer(fhirContext);
        server.setServerName("spinecds knowledge server");
        server.setServerVersion(RuleSetVersion.current());
        server.setImplementationDescription("spinecds: the CQL, value sets and CDS service rules it runs (read-only)");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        List<IResourceProvider> providers = List.of(
                new ArtifactProvider<>(Library.class, artifacts.libraries()),
                new ArtifactProvider<>(ValueSet.class, artifacts.valueSets()),
                new ArtifactProvider<>(PlanDefinition.class, artifacts.planDefinitions()),
                new ArtifactProvider<>(ActivityDefinition.class, artifacts.activityDefinitions()));
        server.setResourceProviders(providers);
        server.registerInterceptor(new KnowledgeServerErrors());
        if (evaluateEnabled) {
            server.registerProvider(new LibraryEvaluateOperation(evaluator, siteSettings, clock));
        }
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhirKnowledgeServer");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
