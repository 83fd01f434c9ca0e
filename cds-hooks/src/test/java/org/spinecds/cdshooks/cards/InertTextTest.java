package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InertTextTest {

    @Test
    void htmlBecomesEntities() {
        assertThat(InertText.of("<img src=x onerror=alert(1)>"))
                .isEqualTo("&lt;img src=x onerror=alert\\(1\\)&gt;")
                .doesNotContain("<");
    }

    @Test
    void markdownLinksAndEmphasisAreEscaped() {
        assertThat(InertText.of("[click](javascript:alert(1))"))
                .isEqualTo("\\[click\\]\\(javascript:alert\\(1\\)\\)");
        assertThat(InertText.of("*bold* _it_ `code` # ! | ~"))
                .isEqualTo("\\*bold\\* \\_it\\_ \\`code\\` \\# \\! \\| \\~");
    }

    @Test
    void anAmpersandCannotStartAnEntityAndLineBreaksCannotStartABlock() {
        assertThat(InertText.of("a &amp; b\n# heading")).isEqualTo("a &amp;amp; b \\# heading");
    }

    @Test
    void ordinaryNamesAreUnchangedButForTheirBrackets() {
        assertThat(InertText.of("Radiculopathy, lumbar region")).isEqualTo("Radiculopathy, lumbar region");
        assertThat(InertText.of("Acetaminophen 500 MG Oral Tablet [Tylenol]"))
                .isEqualTo("Acetaminophen 500 MG Oral Tablet \\[Tylenol\\]");
        assertThat(InertText.of(null)).isNull();
    }
}
