package org.spinecds.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The FHIR knowledge server as a client sees it, without a token: the CapabilityStatement, the libraries with their
 * real CQL and ELM, search by url, name and version, PlanDefinitions whose every condition names a define of its
 * library's ELM and whose actions are every card of the service, the ActivityDefinitions they draft, and nothing
 * that writes or evaluates (Library/$evaluate is off by default).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class KnowledgeServerHttpTest {

    private static final Path CQL = Path.of("..", "cql", "src", "main", "resources", "cql");
    private static final Map<String, String> PRIORITY = Map.of("info", "routine", "warning", "urgent",
            "critical", "stat");
    private static final String FORGED = "forged-log-line-8e1b";
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    private FhirHttp fhir() {
        return new FhirHttp(port);
    }

    @Test
    void metadataAnswersAReadOnlyR4CapabilityStatementWithoutEvaluate() throws Exception {
        CapabilityStatement capabilities = fhir().read("metadata", CapabilityStatement.class);

        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        List<CapabilityStatement.CapabilityStatementRestResourceComponent> resources =
                capabilities.getRestFirstRep().getResource();
        assertThat(resources).extracting(r -> r.getType())
                .contains("Library", "ValueSet", "PlanDefinition", "ActivityDefinition");
        assertThat(resources).allSatisfy(resource -> {
            assertThat(resource.getInteraction()).extracting(i -> i.getCode().toCode())
                    .isSubsetOf("read", "search-type");
            assertThat(resource.getOperation()).isEmpty();
        });
        assertThat(capabilities.getRestFirstRep().getOperation()).isEmpty();
    }

    @Test
    void aLibraryFoundByNameHoldsItsRealCqlAndElm() throws Exception {
        Bundle found = fhir().read("Library?name=BackParesthesiaPatientView", Bundle.class);

        assertThat(found.getEntry()).hasSize(1);
        Library library = (Library) found.getEntryFirstRep().getResource();
        assertThat(library.getUrl()).isEqualTo("http://spinecds.org/fhir/Library/BackParesthesiaPatientView");
        assertThat(library.getVersion()).isEqualTo(cqlVersion("BackParesthesiaPatientView"));
        assertThat(text(content(library, "text/cql")))
                .isEqualTo(Files.readString(CQL.resolve("BackParesthesiaPatientView.cql")));
        JsonNode elm = CdsJson.mapper().readTree(content(library, "application/elm+json").getData());
        assertThat(elm.path("library").path("identifier").path("id").asText()).isEqualTo("BackParesthesiaPatientView");
        assertThat(text(content(library, "application/elm+json"))).isEqualTo(classpath("elm/BackParesthesiaPatientView-"
                + library.getVersion() + ".json"));
        assertThat(library.getRelatedArtifact()).extracting(a -> a.getResource())
                .contains("http://spinecds.org/fhir/Library/BackRedFlags|0.1.0",
                        "http://spinecds.org/fhir/ValueSet/back-region-lumbar");
        assertThat(library.getCopyright()).contains("SNOMED CT", "ICD-10-CM", "LOINC", "VSAC", "UMLS",
                "Value set expansion date: 2026-11-25");
    }

    @Test
    void everyLibraryIsPublishedWithItsCqlVersionAndElm() throws Exception {
        Bundle all = fhir().read("Library?_count=100", Bundle.class);

        List<String> names = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : all.getEntry()) {
            Library library = (Library) entry.getResource();
            names.add(library.getName());
            assertThat(library.getContent()).extracting(Attachment::getContentType)
                    .containsExactly("text/cql", "application/elm+json");
            assertThat(text(content(library, "text/cql"))).contains("library " + library.getName() + " version '"
                    + library.getVersion() + "'");
            assertThat(library.getCopyright()).isNotBlank();
        }
        try (var files = Files.list(CQL)) {
            List<String> sources = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".cql"))
                    .map(f -> f.substring(0, f.length() - 4)).toList();
            assertThat(names).containsAll(sources).contains("FHIRHelpers");
        }
    }

    @Test
    void searchFindsByUrlNameAndVersion() throws Exception {
        String url = "http://spinecds.org/fhir/Library/BackRedFlags";
        assertThat(fhir().read("Library?url=" + url, Bundle.class).getEntry()).hasSize(1);
        assertThat(fhir().read("Library?url=" + url + "&version=0.1.0", Bundle.class).getEntry()).hasSize(1);
        assertThat(fhir().read("Library?url=" + url + "&version=9.9.9", Bundle.class).getEntry()).isEmpty();
        assertThat(fhir().read("Library?name=backred", Bundle.class).getEntry()).hasSize(1);
        assertThat(fhir().read("Library?name:exact=backred", Bundle.class).getEntry()).isEmpty();
        assertThat(fhir().read("PlanDefinition?name=OtcAnalgesicOrderSelect", Bundle.class).getEntry()).hasSize(1);
        assertThat(fhir().read("Library/BackRedFlags", Library.class).getUrl()).isEqualTo(url);
        assertThat(fhir().get("Library/NoSuchLibrary").statusCode()).isEqualTo(404);
    }

    @Test
    void aValueSetCarriesItsExpansionItsCodeSystemsTermsAndTheExpansionDate() throws Exception {
        Bundle found = fhir().read("ValueSet?url=http://spinecds.org/fhir/ValueSet/egfr", Bundle.class);

        assertThat(found.getEntry()).hasSize(1);
        ValueSet valueSet = (ValueSet) found.getEntryFirstRep().getResource();
        assertThat(valueSet.getExpansion().getContains()).isNotEmpty();
        assertThat(valueSet.getCopyright()).contains("LOINC (http://loinc.org)", "Regenstrief",
                "Value set expansion date: 2026-11-25T00:00:00Z");
        assertThat(fhir().read("ValueSet?_count=200", Bundle.class).getEntry()).allSatisfy(entry -> {
            ValueSet each = (ValueSet) entry.getResource();
            assertThat(each.getCopyright()).contains("expansion date: " + each.getExpansion().getTimestampElement()
                    .getValueAsString());
        });
    }

    /** Each condition and dynamic value names a define of the library it references, checked in that ELM. */
    @Test
    void everyPlanDefinitionConditionNamesADefineOfItsLibrarysElm() throws Exception {
        int checked = 0;
        for (PlanDefinition plan : planDefinitions()) {
            for (Expression expression : expressions(plan.getAction())) {
                assertThat(plan.getLibrary()).extracting(CanonicalType::getValue).contains(expression.getReference());
                Set<String> defines = elmDefines(expression.getReference());
                for (String define : definesNamed(expression)) {
                    assertThat(defines).as("%s names a define of %s", plan.getId(), expression.getReference())
                            .contains(define);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void everyCardKindIsAnActionOfItsServicesPlanDefinition() throws Exception {
        CardCatalogue catalogue = CardCatalogue.loadFromClasspath(CdsJson.mapper());
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            PlanDefinition plan = fhir().read("PlanDefinition/" + service.id(), PlanDefinition.class);
            assertThat(plan.getType().getCodingFirstRep().getCode()).isEqualTo("eca-rule");
            for (String library : service.libraries()) {
                for (CardDefinition card : catalogue.forLibrary(library)) {
                    PlanDefinitionActionComponent action = plan.getAction().stream()
                            .filter(a -> card.id().equals(a.getId())).findFirst()
                            .orElseThrow(() -> new AssertionError(card.id() + " is not in " + service.id()));
                    assertThat(action.getTriggerFirstRep().getName()).isEqualTo(service.hook().id());
                    assertThat(action.getConditionFirstRep().getExpression().getExpression()).isEqualTo(card.when());
                    assertThat(action.getDocumentationFirstRep().getDisplay())
                            .isEqualTo(catalogue.source(card.source()).label());
                    if (card.indicatorFrom() == null) {
                        assertThat(action.getPriority().toCode()).isEqualTo(PRIORITY.get(card.indicator().code()));
                    } else {
                        assertThat(action.getDescription()).contains("\"" + card.indicatorFrom() + "\"");
                    }
                    assertThat(action.getAction()).hasSize(card.suggestions().size());
                }
            }
        }
    }

    @Test
    void everyActivityDefinitionAnActionDraftsExists() throws Exception {
        Set<String> canonicals = new TreeSet<>();
        for (PlanDefinition plan : planDefinitions()) {
            collectDefinitions(plan.getAction(), canonicals);
        }
        assertThat(canonicals).hasSizeGreaterThan(5);
        for (String canonical : canonicals) {
            Bundle found = fhir().read("ActivityDefinition?url=" + canonical, Bundle.class);
            assertThat(found.getEntry()).as(canonical).hasSize(1);
        }
        List<String> titles = fhir().read("ActivityDefinition", Bundle.class).getEntry().stream()
                .map(e -> ((ActivityDefinition) e.getResource()).getTitle()).toList();
        assertThat(titles).contains("Referral for physical therapy (routine)",
                "Referral to emergency clinic (stat)", "Exercise education (instructions)");
    }

    @Test
    void evaluateIsRefusedWhenNotEnabled() throws Exception {
        var response = fhir().send("POST", "Library/BackRedFlags/$evaluate", "{\"resourceType\":\"Parameters\"}");

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(FhirHttp.parse(OperationOutcome.class, response.body()).getIssue()).isNotEmpty();
    }

    @Test
    void nothingCanBeWritten() throws Exception {
        String library = fhir().get("Library/BackRedFlags").body();

        assertThat(fhir().send("PUT", "Library/BackRedFlags", library).statusCode()).isBetween(400, 499);
        assertThat(fhir().send("POST", "Library", library).statusCode()).isBetween(400, 499);
        assertThat(fhir().send("DELETE", "Library/BackRedFlags", "").statusCode()).isBetween(400, 499);
        assertThat(fhir().read("Library/BackRedFlags", Library.class).getContent()).hasSize(2);
    }

    @Test
    void aRefusalIsLoggedOnOneLineWhateverTheClientSent(CapturedOutput output) throws Exception {
        var response = fhir().get("Library/no-such%0A2026-12-03%20ERROR%20" + FORGED);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(FhirHttp.parse(OperationOutcome.class, response.body()).getIssue()).isNotEmpty();
        assertThat(output.getAll().lines().filter(line -> line.contains(FORGED)))
                .isNotEmpty().allMatch(line -> line.contains("Refused a knowledge server request"));
    }

    private List<PlanDefinition> planDefinitions() throws Exception {
        List<PlanDefinition> plans = fhir().read("PlanDefinition", Bundle.class).getEntry().stream()
                .map(e -> (PlanDefinition) e.getResource()).toList();
        assertThat(plans).hasSize(CdsHooksAssembly.serviceDefinitions().size());
        return plans;
    }

    private static List<Expression> expressions(List<PlanDefinitionActionComponent> actions) {
        List<Expression> expressions = new ArrayList<>();
        for (PlanDefinitionActionComponent action : actions) {
            action.getCondition().forEach(condition -> expressions.add(condition.getExpression()));
            action.getDynamicValue().forEach(value -> expressions.add(value.getExpression()));
            expressions.addAll(expressions(action.getAction()));
        }
        return expressions;
    }

    /** A cql-identifier is one define; a cql-expression names its defines in double quotes. */
    private static List<String> definesNamed(Expression expression) {
        if (expression.getLanguage().equals("text/cql-identifier")) {
            return List.of(expression.getExpression());
        }
        assertThat(expression.getLanguage()).isEqualTo("text/cql-expression");
        List<String> defines = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(expression.getExpression());
        while (matcher.find()) {
            defines.add(matcher.group(1));
        }
        assertThat(defines).isNotEmpty();
        return defines;
    }

    /** The define names of the ELM the Library with this canonical ({@code url|version}) publishes. */
    private Set<String> elmDefines(String canonical) throws Exception {
        String[] urlAndVersion = canonical.split("\\|");
        Bundle found = fhir().read("Library?url=" + urlAndVersion[0] + "&version=" + urlAndVersion[1], Bundle.class);
        assertThat(found.getEntry()).as(canonical).hasSize(1);
        JsonNode elm = CdsJson.mapper().readTree(
                content((Library) found.getEntryFirstRep().getResource(), "application/elm+json").getData());
        Set<String> defines = new HashSet<>();
        elm.path("library").path("statements").path("def").forEach(def -> defines.add(def.path("name").asText()));
        return defines;
    }

    private static void collectDefinitions(List<PlanDefinitionActionComponent> actions, Set<String> canonicals) {
        for (PlanDefinitionActionComponent action : actions) {
            if (action.hasDefinitionCanonicalType()) {
                canonicals.add(action.getDefinitionCanonicalType().getValue());
            }
            collectDefinitions(action.getAction(), canonicals);
        }
    }

    private static Attachment content(Library library, String contentType) {
        return library.getContent().stream().filter(a -> contentType.equals(a.getContentType())).findFirst()
                .orElseThrow(() -> new AssertionError(library.getName() + " has no " + contentType));
    }

    private static String text(Attachment attachment) {
        return new String(attachment.getData(), StandardCharsets.UTF_8);
    }

    private static String classpath(String resource) throws Exception {
        try (InputStream in = KnowledgeServerHttpTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String cqlVersion(String library) throws Exception {
        Matcher version = Pattern.compile("library " + library + " version '([^']+)'")
                .matcher(Files.readString(CQL.resolve(library + ".cql")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
