package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.Indicator;

/** Each order-hook benchmark body answers with the critical card whose replacements were re-checked. */
class OrderHooksBenchmarkSmokeTest {

    @Test
    void everyOrderHookBodyAnswersWithACriticalCardAndCheckedSuggestions() {
        for (String fixture : List.of("otc-analgesic-order-select/warfarin-ibuprofen-critical",
                "otc-analgesic-order-sign/ibuprofen-and-warfarin-drafted-together-critical")) {
            OrderHooksBenchmark benchmark = new OrderHooksBenchmark();
            benchmark.fixture = fixture;
            benchmark.setUp();

            CdsResponse response = benchmark.orderHook();
            assertThat(response.cards()).as(fixture).anySatisfy(card -> {
                assertThat(card.indicator()).isEqualTo(Indicator.CRITICAL);
                assertThat(card.suggestions()).isNotEmpty();
            });
        }
    }
}
