package org.spinecds.cql.engine;

import java.util.Map;

import org.cqframework.cql.cql2elm.LibraryManager;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;

/**
 * The engine's environment for one request, choosing the data provider for a value by its class's package name
 * rather than its {@link Package}. The stock environment asks for the {@code Package} on every property read and
 * every failed {@code is}, and the JDK looks that up in its class loader's map each time (6 % of evaluating a list
 * of observations). The package name is a field of the class, so the provider chosen is the same.
 */
final class RequestEnvironment extends Environment {

    RequestEnvironment(LibraryManager libraries, Map<String, DataProvider> dataProviders,
            TerminologyProvider terminology) {
        super(libraries, dataProviders, terminology);
    }

    @Override
    public Object resolvePath(Object target, String path) {
        String packageName = target == null ? null : target.getClass().getPackageName();
        if (packageName == null || packageName.startsWith("java.lang")) {
            return super.resolvePath(target, path); // null, or refused as the engine always has
        }
        return resolveDataProvider(packageName).resolvePath(target, path);
    }

    @Override
    public Boolean is(Object operand, Class<?> type) {
        if (operand == null || type.isAssignableFrom(operand.getClass())) {
            return super.is(operand, type);
        }
        DataProvider provider = resolveDataProvider(type.getPackageName(), false);
        return provider != null ? provider.is(operand, type) : Boolean.FALSE;
    }
}
