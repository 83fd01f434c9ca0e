package org.spinecds.cdshooks.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.elm.r1.CodeSystemDef;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ParameterDef;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.testing.TestServices;

/** Every service library exports what the Java side reads from any of them (design.md, CQL conventions). */
class ServiceLibraryContractTest {

    private static final String LOINC = "http://loinc.org";

    @Test
    void everyServiceLibraryDeclaresIsApplicableAndUnavailableData() {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            Library library = TestServices.evaluator().libraries().require(service.library());
            assertThat(library.getStatements().getDef()).extracting(ExpressionDef::getName)
                    .as(service.library()).contains("Is Applicable");
            assertThat(library.getParameters().getDef()).extracting(ParameterDef::getName)
                    .as(service.library()).contains(CatalogueCdsService.UNAVAILABLE_DATA);
        }
    }

    /** A code the rules read but the prefetch does not ask for would silently never fire. */
    @Test
    void theObservationPrefetchAsksForEveryLoincCodeTheRulesRead() throws Exception {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            Library library = TestServices.evaluator().libraries().require(service.library());
            String observations = service.prefetch().stream().filter(t -> t.key().equals("observations"))
                    .findFirst().orElseThrow().query();
            for (String code : loincCodesRead(library)) {
                assertThat(observations).as("%s observation prefetch", service.id()).contains(LOINC + "|" + code);
            }
        }
    }

    private static Set<String> loincCodesRead(Library library) throws Exception {
        Set<String> codes = new TreeSet<>();
        String loincAlias = library.getCodeSystems().getDef().stream()
                .filter(system -> system.getId().equals(LOINC)).map(CodeSystemDef::getName).findFirst().orElse(null);
        library.getCodes().getDef().stream()
                .filter(code -> code.getCodeSystem().getName().equals(loincAlias))
                .forEach(code -> codes.add(code.getId()));
        for (ValueSetDef valueSet : library.getValueSets().getDef()) {
            String file = "cql/valueset/ValueSet-" + valueSet.getId().substring(valueSet.getId().lastIndexOf('/') + 1) + ".json";
            try (InputStream in = ServiceLibraryContractTest.class.getClassLoader().getResourceAsStream(file)) {
                ValueSet expanded = TestServices.FHIR.newJsonParser().parseResource(ValueSet.class, in);
                expanded.getExpansion().getContains().stream().filter(c -> LOINC.equals(c.getSystem()))
                        .forEach(c -> codes.add(c.getCode()));
            }
        }
        return codes;
    }

    @Test
    void everyPrefetchTemplateIsAboutTheContextPatient() {
        for (CatalogueCdsService.Definition service : CdsHooksAssembly.serviceDefinitions()) {
            service.prefetch().forEach(template ->
                    assertThat(template.query()).as(template.key()).contains("{{context.patientId}}"));
        }
    }
}
