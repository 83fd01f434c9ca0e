package org.spinecds.cdshooks.cards;

/**
 * Text from the EHR's records (condition and medication names, free-text dosages) made inert before it goes into a
 * card's markdown: HTML's {@code < > &} become entities and markdown's punctuation is backslash-escaped, so that a
 * record named {@code <img src=x onerror=…>} or {@code [click](javascript:…)} shows as those characters, never as an
 * element or a link, in any EHR that renders the detail.
 */
final class InertText {

    private static final String MARKDOWN_PUNCTUATION = "\\`*_[](){}#!|~";

    private InertText() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder inert = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> inert.append("&lt;");
                case '>' -> inert.append("&gt;");
                case '&' -> inert.append("&amp;");
                case '\n', '\r' -> inert.append(' ');
                default -> {
                    if (MARKDOWN_PUNCTUATION.indexOf(c) >= 0) {
                        inert.append('\\');
                    }
                    inert.append(c);
                }
            }
        }
        return inert.toString();
    }
}
