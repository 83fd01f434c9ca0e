package org.spinecds.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one Jackson (2) mapper for CDS Hooks JSON. HAPI model objects never go through it: FHIR JSON is read and
 * written by HAPI's parser. Unknown properties fail, so a typo in the card catalogue is caught at start-up, and so
 * does content after the first JSON value.
 */
public final class CdsJson {

    /** Deeply nested JSON is a denial-of-service shape, not a hook request. */
    private static final int MAX_NESTING_DEPTH = 200;

    private CdsJson() {
    }

    public static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // FHIR decimals keep their exact digits (0.1 stays 0.1, 7.30 stays 7.30).
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                // A body like `{...} }` or `{...}{...}` is malformed, not "the first value": the opioid-cds-r4
                // examples' stray '}' otherwise silently moves prefetch keys out of "prefetch".
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Extensions and other maps come out in one order on every run, whatever Map implementation built them.
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        return mapper;
    }

    /** UTF-8 JSON, as bytes: a String would be encoded twice more on its way out (length, then body). */
    public static byte[] write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
