package org.spinecds.cdshooks.cards;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.opencds.cqf.cql.engine.runtime.Date;

/** Writes a CQL value into card text: scores without trailing zeros, dates as ISO dates. */
final class ValueText {

    static final String NOT_RECORDED = "not recorded";

    private ValueText() {
    }

    static String of(Object value) {
        if (value == null) {
            return NOT_RECORDED;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Date date) {
            return date.toString();
        }
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(item -> parts.add(of(item)));
            return String.join(", ", parts);
        }
        return value.toString();
    }
}
