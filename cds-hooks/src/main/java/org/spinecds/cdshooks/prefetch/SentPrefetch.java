package org.spinecds.cdshooks.prefetch;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.spinecds.cdshooks.request.PrefetchSink;

import com.fasterxml.jackson.core.JsonParser;

/**
 * The prefetch of one request, each key's value read as the body streams past. Only the keys the service declares
 * are read; a value under any other key is skipped unread, whatever it holds. A later value for a key wins.
 */
public final class SentPrefetch implements PrefetchSink {

    private final PrefetchValueReader reader;
    private final ReadableResources readable;
    private final byte[] body;
    private final Set<String> declaredKeys;
    private final Map<String, SentValue> values = new HashMap<>();

    SentPrefetch(PrefetchValueReader reader, ReadableResources readable, byte[] body, Set<String> declaredKeys) {
        this.reader = reader;
        this.readable = readable;
        this.body = body;
        this.declaredKeys = declaredKeys;
    }

    @Override
    public void accept(String key, JsonParser value) throws IOException {
        if (declaredKeys.contains(key)) {
            values.put(key, reader.read(key, value, body, readable));
        } else {
            value.skipChildren();
        }
    }

    /** The value sent for the key, or null when the key was not sent. */
    SentValue value(String key) {
        return values.get(key);
    }
}
