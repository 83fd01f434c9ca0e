package org.spinecds.cdshooks.prefetch;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.spinecds.cdshooks.request.PrefetchSink;

import com.fasterxml.jackson.core.JsonParser;

/** The prefetch of one request, each key's value read as the body streams past. A later value for a key wins. */
public final class SentPrefetch implements PrefetchSink {

    private final PrefetchValueReader reader;
    private final ReadableResources readable;
    private final byte[] body;
    private final Map<String, SentValue> values = new HashMap<>();

    SentPrefetch(PrefetchValueReader reader, ReadableResources readable, byte[] body) {
        this.reader = reader;
        this.readable = readable;
        this.body = body;
    }

    @Override
    public void accept(String key, JsonParser value) throws IOException {
        values.put(key, reader.read(key, value, body, readable));
    }

    /** The value sent for the key, or null when the key was not sent. */
    SentValue value(String key) {
        return values.get(key);
    }
}
