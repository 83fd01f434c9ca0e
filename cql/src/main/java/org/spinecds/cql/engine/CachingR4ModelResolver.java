package org.spinecds.cql.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/**
 * The R4 model resolver with its answers remembered. The engine asks for the same few type names and context paths
 * thousands of times a request: every {@code as} and {@code is}, every retrieve. The stock resolver searches HAPI's
 * model each time, and for an abstract type such as DomainResource falls through to {@code Class.forName} over several
 * packages, which scans the class path (JFR put this at about 8 % of a request's CPU). The answers depend only on the
 * model, so they never go stale.
 */
final class CachingR4ModelResolver extends R4FhirModelResolver {

    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();
    private final Map<String, Optional<Object>> contextPaths = new ConcurrentHashMap<>();

    // get-then-put rather than computeIfAbsent: the stock resolver calls back into resolveType while it resolves.
    @Override
    public Class<?> resolveType(String typeName) {
        if (typeName == null) {
            return super.resolveType(typeName);
        }
        Class<?> type = types.get(typeName);
        if (type == null) {
            type = super.resolveType(typeName);
            types.put(typeName, type);
        }
        return type;
    }

    @Override
    public Object getContextPath(String contextType, String targetType) {
        String key = contextType + '|' + targetType;
        Optional<Object> path = contextPaths.get(key);
        if (path == null) {
            path = Optional.ofNullable(super.getContextPath(contextType, targetType));
            contextPaths.put(key, path);
        }
        return path.orElse(null);
    }
}
