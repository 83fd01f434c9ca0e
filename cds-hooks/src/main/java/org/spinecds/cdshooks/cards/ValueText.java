package org.spinecds.cdshooks.cards;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.Precision;

/** Writes a CQL value into card text: scores without trailing zeros, dates as ISO dates, lists joined. */
final class ValueText {

    static final String NOT_RECORDED = "not recorded";

    private ValueText() {
    }

    /**
     * For a summary: a list as its first item, which the rules put first as the most serious, and how many more
     * ("on an anticoagulant and 2 more"); any other value as {@link #of}. The detail lists them all.
     */
    static String brief(Object value) {
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(item -> parts.add(of(item)));
            return parts.size() <= 1 ? String.join("", parts) : parts.get(0) + " and " + (parts.size() - 1) + " more";
        }
        return of(value);
    }

    static String of(Object value) {
        if (value == null) {
            return NOT_RECORDED;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Date date) {
            // A day's ISO text as the engine writes it, without its String.format: a share of rendering the cards.
            return date.getPrecision() == Precision.DAY ? date.getDate().toString() : date.toString();
        }
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(item -> parts.add(of(item)));
            return String.join(", ", parts);
        }
        return value.toString();
    }
}
