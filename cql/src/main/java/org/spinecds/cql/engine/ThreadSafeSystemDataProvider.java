package org.spinecds.cql.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opencds.cqf.cql.engine.data.SystemDataProvider;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/**
 * The data provider for the engine's System model (Code, Concept, Quantity, Interval, Tuple), safe to share between
 * request threads.
 *
 * <p>The stock {@link SystemDataProvider} remembers each getter and setter it looks up in two static, plain
 * {@code HashMap}s, filled lazily on whichever thread first reads a path such as {@code Concept.codes} or first builds
 * a {@code Code}. Two requests doing that at once write the same {@code HashMap} unsynchronised, which can lose entries
 * or corrupt it. A warm-up cannot be relied on to fill them first: it reaches only the paths its own data needs (an
 * empty patient reaches none). The engine's {@code Environment} installs the stock provider only when no provider is
 * registered under {@link #MODEL_URI}, so {@link CqlEvaluator} registers this one there. It resolves paths as the
 * stock provider does and remembers the lookups per instance, in {@link ConcurrentHashMap}s.
 */
final class ThreadSafeSystemDataProvider extends SystemDataProvider {

    /** The ELM System model: the URI under which the engine looks up its data provider. */
    static final String MODEL_URI = "urn:hl7-org:elm-types:r1";

    // Optional, because "the type has no such getter" (read as null) is an answer too.
    private final Map<Accessor, Optional<Method>> getters = new ConcurrentHashMap<>();
    private final Map<Accessor, Method> setters = new ConcurrentHashMap<>();

    @Override
    public Object resolvePath(Object target, String path) {
        if (target == null) {
            return null;
        }
        if (target instanceof Tuple tuple) {
            return tuple.getElement(path);
        }
        Optional<Method> getter = getters.computeIfAbsent(new Accessor(target.getClass(), path),
                ThreadSafeSystemDataProvider::findGetter);
        return getter.isPresent() ? invoke(getter.get(), target, path) : null;
    }

    @Override
    public void setValue(Object target, String path, Object value) {
        if (target == null) {
            return;
        }
        Method setter = setters.computeIfAbsent(new Accessor(target.getClass(), path),
                ThreadSafeSystemDataProvider::findSetter);
        invoke(setter, target, path, value);
    }

    private static Optional<Method> findGetter(Accessor accessor) {
        try {
            return Optional.of(accessor.type().getMethod("get" + capitalised(accessor.path())));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** {@code setX} taking the type of field {@code x}, or else one taking a supertype (Concept.setCodes(Iterable)). */
    private static Method findSetter(Accessor accessor) {
        Class<?> fieldType = fieldType(accessor.type(), accessor);
        String name = "set" + capitalised(accessor.path());
        try {
            return accessor.type().getMethod(name, fieldType);
        } catch (NoSuchMethodException e) {
            return Arrays.stream(accessor.type().getMethods())
                    .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1
                            && m.getParameterTypes()[0].isAssignableFrom(fieldType))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "Could not determine accessor function for property " + accessor));
        }
    }

    private static Class<?> fieldType(Class<?> type, Accessor accessor) {
        try {
            return type.getDeclaredField(accessor.path()).getType();
        } catch (NoSuchFieldException e) {
            if (type.getSuperclass() == null) {
                throw new IllegalArgumentException("Could not determine field for property " + accessor, e);
            }
            return fieldType(type.getSuperclass(), accessor);
        }
    }

    private static Object invoke(Method accessor, Object target, String path, Object... arguments) {
        try {
            return accessor.invoke(target, arguments);
        } catch (InvocationTargetException | IllegalAccessException e) {
            throw new IllegalArgumentException("Could not invoke the accessor function for property "
                    + new Accessor(target.getClass(), path), e);
        }
    }

    private static String capitalised(String path) {
        return path.substring(0, 1).toUpperCase() + path.substring(1);
    }

    private record Accessor(Class<?> type, String path) {
        @Override
        public String toString() {
            return path + " of type " + type.getSimpleName();
        }
    }
}
