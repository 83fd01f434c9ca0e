package org.spinecds.cql.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The value of every define of one library for one patient. Asking for a define the library does not have is a
 * programming error (a misspelt name in a card catalogue) and fails loudly instead of reading as "false".
 */
public final class DefineResults {

    private final String libraryName;
    private final Map<String, Object> values;

    public DefineResults(String libraryName, Map<String, Object> values) {
        this.libraryName = libraryName;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Every define's name, in the library's order. */
    public Set<String> names() {
        return values.keySet();
    }

    public Object value(String define) {
        if (!values.containsKey(define)) {
            throw new IllegalArgumentException("Library " + libraryName + " has no define \"" + define + "\"");
        }
        return values.get(define);
    }

    /** True only for a Boolean true; CQL null (unknown) reads as "does not fire". */
    public boolean isTrue(String define) {
        return Boolean.TRUE.equals(value(define));
    }

    /** The define's list value, an empty list for null, a one-element list for a single value. */
    public List<Object> list(String define) {
        Object value = value(define);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> items = new ArrayList<>();
            iterable.forEach(item -> {
                if (item != null) {
                    items.add(item);
                }
            });
            return items;
        }
        return List.of(value);
    }
}
