package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.prefetch.ResolvedData;

/** Each benchmark body once: the requests have the sizes they claim and the rules fire on them. */
class PatientViewBenchmarkSmokeTest {

    @Test
    void everyBenchmarkBodyAnswersWithCards() {
        for (int size : List.of(50, 500)) {
            PatientViewBenchmark benchmark = PatientViewBenchmark.ready(size, true);

            assertThat(PatientViewRequests.resourceCount(benchmark.body())).as("resources").isEqualTo(size);
            ResolvedData parsed = benchmark.parseOnly();
            // Only what the rules can retrieve is parsed: most of the SMART record's vital signs and labs are not.
            assertThat(parsed.resources()).isNotEmpty().hasSizeLessThanOrEqualTo(size);
            assertThat(parsed.unansweredKeys()).isEmpty();

            CdsResponse response = benchmark.patientView();
            List<Object> cardIds = response.cards().stream()
                    .map(card -> card.extension().get(Card.CARD_ID_EXTENSION)).toList();
            // severe (8/10 two days ago) and worsening (+4) pain, lumbar radiculopathy with tingling; the SMART
            // patient's breast cancer history is a red flag, which holds back the exercise cards
            assertThat(cardIds).as("cards for %d resources", size)
                    .contains("BT-REF-01", "BT-REF-02", "BT-SELF-CARE");
            if (size == 50) {
                assertThat(cardIds).contains("BT-PT-L");
            }
        }
    }

    @Test
    void withoutItsConditionsThePatientGetsNoBackCard() {
        PatientViewBenchmark benchmark = PatientViewBenchmark.ready(50, false);

        // The synthetic patient's four Conditions are gone, its pain scores and the rest are still sent.
        assertThat(PatientViewRequests.resourceCount(benchmark.body())).isEqualTo(46);
        List<Object> cardIds = benchmark.patientView().cards().stream()
                .map(card -> card.extension().get(Card.CARD_ID_EXTENSION)).toList();
        assertThat(cardIds).as("cards without back tingling")
                .doesNotContain("BT-REF-01", "BT-REF-02", "BT-SELF-CARE", "BT-PT-L");
    }
}
