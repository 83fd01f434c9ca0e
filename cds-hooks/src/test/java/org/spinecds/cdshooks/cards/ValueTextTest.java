package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.runtime.Date;

class ValueTextTest {

    @Test
    void aDateIsWrittenAsTheEngineWritesItAtEveryPrecision() {
        for (Date date : List.of(new Date(2026, 11, 5), new Date(987, 1, 31), new Date(2026, 3), new Date(2026))) {
            assertThat(ValueText.of(date)).isEqualTo(date.toString());
        }
        assertThat(ValueText.of(new Date(2026, 11, 5))).isEqualTo("2026-11-05");
        assertThat(ValueText.of(new Date(987, 1, 31))).isEqualTo("0987-01-31");
    }

    @Test
    void scoresLoseTrailingZerosAndListsAreJoined() {
        assertThat(ValueText.of(new BigDecimal("7.50"))).isEqualTo("7.5");
        assertThat(ValueText.of(List.of(new BigDecimal("8.0"), "warfarin"))).isEqualTo("8, warfarin");
        assertThat(ValueText.brief(List.of("warfarin", "aspirin", "clopidogrel"))).isEqualTo("warfarin and 2 more");
        assertThat(ValueText.of(null)).isEqualTo(ValueText.NOT_RECORDED);
    }
}
