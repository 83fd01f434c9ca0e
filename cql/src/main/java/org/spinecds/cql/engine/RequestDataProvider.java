package org.spinecds.cql.engine;

import java.util.IdentityHashMap;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;

/**
 * The FHIR data of one request, with each date converted to a CQL date once. The model resolver builds a calendar
 * for every read of a date's value, and the rules read the same dates again and again (every look-back, every
 * "latest"): a tenth of a request's CPU. A FHIR date of the request is not changed while the rules run, and the
 * engine treats its CQL dates as values, so one conversion serves every read. One instance per request.
 */
final class RequestDataProvider extends CompositeDataProvider {

    private static final String VALUE = "value";
    private static final String VALUE_STEP = "." + VALUE;

    private final Map<IPrimitiveType<?>, Object> convertedDates = new IdentityHashMap<>();

    RequestDataProvider(ModelResolver modelResolver, RetrieveProvider retrieveProvider) {
        super(modelResolver, retrieveProvider);
    }

    @Override
    public Object resolvePath(Object target, String path) {
        if (path.endsWith(VALUE_STEP)) {
            // "birthDate.value": the resolver walks a path one step at a time, so this is the same walk.
            return resolvePath(super.resolvePath(target, path.substring(0, path.length() - VALUE_STEP.length())),
                    VALUE);
        }
        if (target instanceof BaseDateTimeType date && VALUE.equals(path)) {
            return convertedDates.computeIfAbsent(date, d -> super.resolvePath(d, path));
        }
        return super.resolvePath(target, path);
    }
}
