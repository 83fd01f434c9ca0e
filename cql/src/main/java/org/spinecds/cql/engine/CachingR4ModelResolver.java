package org.spinecds.cql.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.AnnotatedUuidType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.DateTime;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;

/**
 * The R4 model resolver with its answers remembered. The engine asks for the same few type names and context paths
 * thousands of times a request: every {@code as} and {@code is}, every retrieve. The stock resolver searches HAPI's
 * model each time, and for an abstract type such as DomainResource falls through to {@code Class.forName} over several
 * packages, which scans the class path (JFR put this at about 8 % of a request's CPU). The answers depend only on the
 * model, so they never go stale. An unknown type still throws, every time: a failure is not cached. Every property
 * read also starts by finding the element's definition and, for a choice such as {@code Observation.value[x]},
 * scanning its children (3-4 % of the rules' CPU): both are remembered too. It also converts a FHIR dateTime
 * without the resolver's detour through text ({@link FhirDateTimes}).
 */
final class CachingR4ModelResolver extends R4FhirModelResolver {

    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();
    // Optional, because "no context path" (null) is an answer too and ConcurrentHashMap holds no nulls.
    private final Map<ContextAndTarget, Optional<Object>> contextPaths = new ConcurrentHashMap<>();
    private final Map<Class<?>, BaseRuntimeElementCompositeDefinition<?>> definitions = new ConcurrentHashMap<>();
    private final Map<DefinitionAndPath, Optional<BaseRuntimeChildDefinition>> choices = new ConcurrentHashMap<>();

    /*
     * The stock resolver scans every R4 resource type into its FHIR context up front: some 20 MB of heap for good, and
     * a second of start-up. HAPI scans the datatypes all at once and a resource type the first time it is asked for,
     * so here only the types the rules meet are scanned, when they first meet them (most of them in the start-up's
     * warm-up evaluation). The custom type the stock resolver registers is registered all the same.
     */
    @Override
    protected void initialize() {
        fhirContext.registerCustomType(AnnotatedUuidType.class);
    }

    @Override
    public Class<?> resolveType(String typeName) {
        return typeName == null ? super.resolveType(typeName) : types.computeIfAbsent(typeName, super::resolveType);
    }

    @Override
    public Object getContextPath(String contextType, String targetType) {
        return contextPaths.computeIfAbsent(new ContextAndTarget(contextType, targetType),
                key -> Optional.ofNullable(super.getContextPath(contextType, targetType))).orElse(null);
    }

    @Override
    protected BaseRuntimeElementCompositeDefinition<?> resolveRuntimeDefinition(IBase base) {
        BaseRuntimeElementCompositeDefinition<?> definition = definitions.get(base.getClass());
        return definition != null ? definition
                : definitions.computeIfAbsent(base.getClass(), type -> super.resolveRuntimeDefinition(base));
    }

    @Override
    protected BaseRuntimeChildDefinition resolveChoiceProperty(BaseRuntimeElementCompositeDefinition<?> definition,
            String path) {
        return choices.computeIfAbsent(new DefinitionAndPath(definition, path),
                key -> Optional.ofNullable(super.resolveChoiceProperty(definition, path))).orElse(null);
    }

    @Override
    protected DateTime toDateTime(BaseDateTimeType value, Integer calendarConstant) {
        return FhirDateTimes.of(value, calendarConstant).orElseGet(() -> super.toDateTime(value, calendarConstant));
    }

    private record ContextAndTarget(String contextType, String targetType) {
    }

    // A definition is one object per type for the life of the FHIR context: equal by identity.
    private record DefinitionAndPath(BaseRuntimeElementCompositeDefinition<?> definition, String path) {
    }
}
