package org.spinecds.cdshooks.request;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;

/**
 * Takes each member of a request's {@code prefetch} object while the body is read, so that a large patient record is
 * read resource by resource rather than held whole as one JSON tree.
 */
@FunctionalInterface
public interface PrefetchSink {

    /**
     * Reads the value of one prefetch key. The parser stands on the value's first token; the sink must consume the
     * value, and nothing after it. A value it cannot use is recorded, not thrown: the request's own fields are
     * checked first.
     */
    void accept(String key, JsonParser value) throws IOException;
}
