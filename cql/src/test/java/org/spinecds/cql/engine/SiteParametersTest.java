package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.runtime.Quantity;

class SiteParametersTest {

    private static ElmLibraries libraries;

    @BeforeAll
    static void load() {
        libraries = ElmLibraries.loadFromClasspath();
    }

    @Test
    void thresholdsAndLookBacksOfEveryLibraryAreConfigurable() {
        assertThat(SiteParameters.configurable(libraries))
                .containsEntry("Severe Pain Threshold", "Decimal")
                .containsEntry("Fracture Risk Age", "Integer")
                .containsEntry("Episode Look-back", "Quantity")
                .containsEntry("Acute Trauma Window", "Quantity")
                .doesNotContainKeys("Unavailable Data", "Judges Draft Orders", "Judged Order Ids");
    }

    @Test
    void valuesAreReadAsTheEngineTakesThem() {
        Map<String, Object> parsed = SiteParameters.parse(libraries, Map.of(
                "severe-pain-threshold", "8", "fracture-risk-age", "75", "episode-look-back", "6 months",
                "acute-trauma-window", "2 Weeks"));

        assertThat(parsed.get("Severe Pain Threshold")).isEqualTo(new BigDecimal("8"));
        assertThat(parsed.get("Fracture Risk Age")).isEqualTo(75);
        Quantity lookBack = (Quantity) parsed.get("Episode Look-back");
        assertThat(lookBack.getValue()).isEqualByComparingTo("6");
        assertThat(lookBack.getUnit()).isEqualTo("months");
        assertThat(((Quantity) parsed.get("Acute Trauma Window")).getUnit()).isEqualTo("weeks");
    }

    @Test
    void configurationNamesAreTheParameterNamesInKebabCase() {
        assertThat(SiteParameters.key("eGFR Look-back")).isEqualTo("egfr-look-back");
        assertThat(SiteParameters.key("Acetaminophen Older Adult Mg")).isEqualTo("acetaminophen-older-adult-mg");
    }

    @Test
    void anUnknownNameStopsTheStartNamingTheKnownOnes() {
        assertThatThrownBy(() -> SiteParameters.parse(libraries, Map.of("severe-pain-treshold", "8")))
                .hasMessageContaining("'severe-pain-treshold' is not a site parameter")
                .hasMessageContaining("severe-pain-threshold");
    }

    @Test
    void aValueOfTheWrongTypeStopsTheStart() {
        assertThatThrownBy(() -> SiteParameters.parse(libraries, Map.of("episode-look-back", "12")))
                .hasMessageContaining("'episode-look-back' needs a duration");
        assertThatThrownBy(() -> SiteParameters.parse(libraries, Map.of("fracture-risk-age", "seventy")))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> SiteParameters.parse(libraries, Map.of("unavailable-data", "labs")))
                .hasMessageContaining("not a site parameter");
    }

    /** A site value changes what the rules decide: the severe-pain case no longer fires at a threshold of 9. */
    @Test
    void aSiteValueReachesTheRules() {
        CqlEvaluator evaluator = CqlEvaluator.create();
        var testCase = org.spinecds.cql.testing.LibraryCases.all().stream()
                .filter(c -> c.id().equals("severe-pain-fires-referral")).findFirst().orElseThrow();

        DefineResults defaults = evaluator.evaluate(testCase.library(), testCase.data(), testCase.parameters(), testCase.now());
        DefineResults site = evaluator.evaluate(testCase.library(), testCase.data(),
                SiteParameters.parse(evaluator.libraries(), Map.of("severe-pain-threshold", "9")), testCase.now());

        assertThat(defaults.isTrue("Has Severe Pain")).isTrue();
        assertThat(site.isTrue("Has Severe Pain")).isFalse();

        var whiplash = org.spinecds.cql.testing.LibraryCases.all().stream()
                .filter(c -> c.id().equals("whiplash-with-tingling-fires-trauma")).findFirst().orElseThrow();
        DefineResults shortWindow = evaluator.evaluate(whiplash.library(), whiplash.data(),
                SiteParameters.parse(evaluator.libraries(), Map.of("acute-trauma-window", "2 days")), whiplash.now());
        assertThat(evaluator.evaluate(whiplash.library(), whiplash.data(), Map.of(), whiplash.now())
                .isTrue("Has Trauma Red Flag")).isTrue();
        assertThat(shortWindow.isTrue("Has Trauma Red Flag")).isFalse();
    }
}
