package org.spinecds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aLineBreakCannotForgeALogLine() {
        assertThat(LogText.safe("abc\n2026-12-03 INFO forged line\r\n"))
                .isEqualTo("abc_2026-12-03 INFO forged line__")
                .doesNotContain("\n", "\r");
    }

    @Test
    void markupAndControlCharactersAreReplaced() {
        assertThat(LogText.safe("<script>\u0007${jndi:ldap://x}")).isEqualTo("_script____jndi:ldap://x_");
    }

    @Test
    void ordinaryIdentifiersAndMessagesAreKept() {
        assertThat(LogText.safe("d1577c69-dfbe-44ad-ba6d-3e05e953b201")).isEqualTo("d1577c69-dfbe-44ad-ba6d-3e05e953b201");
        assertThat(LogText.safe("This service answers the hook 'patient-view', not 'order-sign'"))
                .isEqualTo("This service answers the hook 'patient-view', not 'order-sign'");
    }

    @Test
    void longTextIsCut() {
        assertThat(LogText.safe("x".repeat(5000))).hasSize(205).endsWith("(cut)");
    }

    @Test
    void aStackIsKeptWithoutItsMessages() {
        IllegalStateException cause = new IllegalStateException("patient Jane Doe born 1981-04-12");
        RuntimeException failure = new RuntimeException("M54.16 for Jane Doe", cause);

        Throwable logged = LogText.withoutMessages(failure);

        assertThat(logged.getMessage()).isEqualTo(RuntimeException.class.getName());
        assertThat(logged.getCause().getMessage()).isEqualTo(IllegalStateException.class.getName());
        assertThat(logged.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(logged.toString() + logged.getCause()).doesNotContain("Jane", "1981", "M54");
    }
}
