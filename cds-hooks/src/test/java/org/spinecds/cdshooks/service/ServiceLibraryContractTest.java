package org.spinecds.cdshooks.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.elm.r1.CodeSystemDef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ParameterDef;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cdshooks.testing.TestServices;

/** Every service library takes what the Java side passes, and the prefetch asks for what the rules read. */
class ServiceLibraryContractTest {

    private static final String LOINC = "http://loinc.org";
    /**
     * Value sets whose codes arrive through a category search rather than a code list: laboratory results and
     * vital signs, where EHRs use more codes than any list would name.
     */
    private static final Map<String, String> CATEGORY_OF_VALUE_SET = Map.ofEntries(
            Map.entry("egfr", "laboratory"), Map.entry("inr", "laboratory"), Map.entry("hemoglobin", "laboratory"),
            Map.entry("liver-enzymes", "laboratory"), Map.entry("pregnancy-test", "laboratory"),
            Map.entry("pregnancy-test-quantitative", "laboratory"), Map.entry("creatinine-serum", "laboratory"),
            Map.entry("body-temperature", "vital-signs"), Map.entry("body-weight", "vital-signs"),
            Map.entry("blood-pressure-systolic", "vital-signs"), Map.entry("blood-pressure-diastolic", "vital-signs"),
            Map.entry("blood-pressure-panel", "vital-signs"));

    @Test
    void everyServiceLibraryTakesUnavailableData() {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            for (String name : service.libraries()) {
                assertThat(parameters(name)).as(name).contains(CatalogueCdsService.UNAVAILABLE_DATA);
            }
        }
    }

    @Test
    void orderServicesJudgeDraftOrdersThroughTheirParameters() {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            if (service.hook() != Hook.PATIENT_VIEW) {
                for (String name : service.libraries()) {
                    assertThat(parameters(name)).as(name)
                            .contains(OrderParameters.JUDGES_DRAFT_ORDERS, OrderParameters.JUDGED_ORDER_IDS);
                }
            }
        }
    }

    /** A code the rules read but the prefetch does not ask for would silently never fire. */
    @Test
    void theObservationPrefetchCoversEveryLoincCodeTheRulesRead() throws Exception {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            List<String> observationQueries = service.prefetch().stream().map(PrefetchTemplate::query)
                    .filter(q -> q.startsWith("Observation?")).toList();
            for (String name : service.libraries()) {
                Library library = TestServices.evaluator().libraries().require(name);
                for (String code : explicitLoincCodes(library)) {
                    assertThat(observationQueries).as("%s: LOINC %s", service.id(), code)
                            .anyMatch(q -> q.contains(LOINC + "|" + code));
                }
                for (ValueSetDef valueSet : library.getValueSets().getDef()) {
                    String id = tail(valueSet.getId());
                    for (String code : loincCodes(id)) {
                        String category = CATEGORY_OF_VALUE_SET.get(id);
                        assertThat(observationQueries).as("%s: LOINC %s of %s", service.id(), code, id)
                                .anyMatch(q -> q.contains(LOINC + "|" + code)
                                        || (category != null && q.contains("category=" + category)));
                    }
                }
            }
        }
    }

    @Test
    void everyPrefetchTemplateIsAboutTheContextPatient() {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            service.prefetch().forEach(template ->
                    assertThat(template.query()).as(template.key()).contains("{{context.patientId}}"));
        }
    }

    private static Set<String> parameters(String library) {
        Set<String> names = new TreeSet<>();
        TestServices.evaluator().libraries().require(library).getParameters().getDef().stream()
                .map(ParameterDef::getName).forEach(names::add);
        return names;
    }

    private static Set<String> explicitLoincCodes(Library library) {
        Set<String> codes = new TreeSet<>();
        if (library.getCodes() == null) {
            return codes;
        }
        String loincAlias = library.getCodeSystems().getDef().stream()
                .filter(system -> system.getId().equals(LOINC)).map(CodeSystemDef::getName).findFirst().orElse(null);
        library.getCodes().getDef().stream()
                .filter(code -> code.getCodeSystem().getName().equals(loincAlias))
                .forEach(code -> codes.add(code.getId()));
        return codes;
    }

    private static Set<String> loincCodes(String valueSetId) throws Exception {
        Set<String> codes = new TreeSet<>();
        String file = "cql/valueset/ValueSet-" + valueSetId + ".json";
        try (InputStream in = ServiceLibraryContractTest.class.getClassLoader().getResourceAsStream(file)) {
            ValueSet expanded = TestServices.FHIR.newJsonParser().parseResource(ValueSet.class, in);
            // LOINC answer codes (LA...) are values of an observation, not codes to search observations by.
            expanded.getExpansion().getContains().stream().filter(c -> LOINC.equals(c.getSystem()))
                    .filter(c -> !c.getCode().startsWith("LA"))
                    .forEach(c -> codes.add(c.getCode()));
        }
        return codes;
    }

    private static String tail(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
