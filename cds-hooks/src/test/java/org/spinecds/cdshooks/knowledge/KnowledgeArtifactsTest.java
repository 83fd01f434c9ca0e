package org.spinecds.cdshooks.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.PlanDefinition.RequestPriority;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.model.Indicator;
import org.spinecds.cql.engine.ElmLibraries;

import ca.uhn.fhir.context.FhirContext;

/**
 * The pure builders of the knowledge artifacts: how a card's indicator becomes a priority (the most urgent its define
 * can give when a define grades it), the licence terms each ValueSet and Library states, the library descriptions
 * taken from the CQL, and a card switched off at a site left out of its PlanDefinition.
 */
class KnowledgeArtifactsTest {

    private static ElmLibraries elm;
    private static CardCatalogue catalogue;
    private static KnowledgeArtifacts artifacts;

    @BeforeAll
    static void build() {
        elm = ElmLibraries.loadFromClasspath();
        catalogue = CardCatalogue.loadFromClasspath(CdsJson.mapper());
        artifacts = build(catalogue);
    }

    private static KnowledgeArtifacts build(CardCatalogue cards) {
        return KnowledgeArtifacts.build(elm, cards, CdsHooksAssembly.serviceDefinitions(), FhirContext.forR4Cached(),
                CdsJson.mapper());
    }

    @Test
    void indicatorsMapToPrioritiesInTheSameOrder() {
        assertThat(List.of(Indicator.values())).extracting(IndicatorPriority::of)
                .containsExactly(RequestPriority.ROUTINE, RequestPriority.URGENT, RequestPriority.STAT);
    }

    @Test
    void aCardGradedByADefineGetsTheMostUrgentIndicatorTheDefineCanGive() {
        assertThat(possible("BackRedFlags", "Infection Indicator")).containsExactly(Indicator.WARNING, Indicator.CRITICAL);
        assertThat(possible("OtcAnalgesicSafety", "OTC Advice Indicator")).containsExactly(Indicator.INFO, Indicator.WARNING);
        assertThat(action("back-paresthesia", "BT-RF-04").getPriority()).isEqualTo(RequestPriority.STAT);
        assertThat(action("back-paresthesia", "BT-MED-OK").getPriority()).isEqualTo(RequestPriority.URGENT);
        assertThat(action("back-paresthesia", "BT-MED-OK").getDescription())
                .contains("\"OTC Advice Indicator\": info or warning");
    }

    @Test
    void aDefineThatNamesNoIndicatorCannotGradeACard() {
        assertThatThrownBy(() -> possible("BackRedFlags", "Has Fever")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no indicator");
        assertThatThrownBy(() -> possible("BackRedFlags", "No Such Define")).hasMessageContaining("no define");
    }

    @Test
    void everyValueSetNamesEachCodeSystemOfItsExpansionWithItsTermsAndDate() {
        assertThat(artifacts.valueSets()).hasSize(elm.declaredValueSetUrls().size());
        for (ValueSet valueSet : artifacts.valueSets()) {
            for (String system : ValueSetArtifacts.systems(valueSet)) {
                assertThat(valueSet.getCopyright()).contains(TerminologyLicences.of(system).name() + " (" + system
                        + "), " + TerminologyLicences.of(system).terms());
            }
            assertThat(valueSet.getCopyright()).endsWith("Value set expansion date: "
                    + valueSet.getExpansion().getTimestampElement().getValueAsString() + ".");
        }
    }

    @Test
    void aCodeSystemWithoutRecordedTermsIsNotPublished() {
        assertThatThrownBy(() -> TerminologyLicences.copyright(Set.of("http://example.org/codes"), false, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("http://example.org/codes");
        assertThat(TerminologyLicences.copyright(Set.of(), false, List.of()))
                .isEqualTo("Includes no codes of external code systems.");
        assertThat(TerminologyLicences.copyright(Set.of(), false, Collections.singletonList(null)))
                .contains("expansion date: not recorded");
    }

    @Test
    void aLibraryIsDescribedByItsCqlHeaderAndStatesTheTermsOfWhatItReads() {
        var library = artifacts.libraries().stream().filter(l -> l.getName().equals("BackRedFlags")).findFirst()
                .orElseThrow();

        assertThat(library.getDescription()).startsWith("BackRedFlags").doesNotContain("/*").doesNotContain(" * ");
        assertThat(library.getCopyright()).contains("SNOMED CT", "ICD-10-CM", "VSAC");
        assertThat(LibraryArtifacts.headerComment("/*\n * First line\n *   indented\n */\nlibrary X"))
                .isEqualTo("First line\n  indented");
        assertThat(LibraryArtifacts.headerComment("library X")).isNull();
    }

    @Test
    void aCardSwitchedOffAtTheSiteIsNoActionOfItsPlanDefinition() {
        KnowledgeArtifacts site = build(catalogue.withoutCards(Set.of("BT-TENS-COMP")));

        assertThat(plan(site, "back-paresthesia").getAction()).extracting(PlanDefinitionActionComponent::getId)
                .contains("BT-SELF-CARE").doesNotContain("BT-TENS-COMP");
    }

    @Test
    void idsAreFhirIdsAndNamesAreComputerFriendly() {
        assertThat(Canonicals.slug("Urgent evaluation for possible spinal malignancy: MRI of the spine within 1 week"))
                .hasSizeLessThanOrEqualTo(64).matches("[a-z0-9-]+").doesNotEndWith("-");
        assertThat(Canonicals.pascalCase("otc-analgesic-order-select")).isEqualTo("OtcAnalgesicOrderSelect");
        assertThat(artifacts.activityDefinitions()).allSatisfy(definition -> {
            assertThat(definition.getIdElement().getIdPart()).matches("[A-Za-z0-9\\-.]{1,64}");
            assertThat(definition.getName()).matches("[A-Z][A-Za-z0-9]*");
        });
    }

    private static List<Indicator> possible(String library, String define) {
        return IndicatorPriority.possible(CdsJson.mapper(), ElmLibraries.elmJson(elm.require(library).getIdentifier()),
                library, define);
    }

    private static PlanDefinitionActionComponent action(String service, String card) {
        return plan(artifacts, service).getAction().stream().filter(a -> a.getId().equals(card)).findFirst()
                .orElseThrow();
    }

    private static PlanDefinition plan(KnowledgeArtifacts built, String service) {
        return built.planDefinitions().stream().filter(p -> p.getIdElement().getIdPart().equals(service)).findFirst()
                .orElseThrow();
    }
}
