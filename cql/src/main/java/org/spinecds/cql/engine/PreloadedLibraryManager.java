package org.spinecds.cql.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.cqframework.cql.cql2elm.CompiledLibraryMultiResults;
import org.cqframework.cql.cql2elm.CompiledLibraryResult;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * A library manager that only serves the libraries loaded at start-up, found by name. The engine asks it for a
 * library on every call into an included library (each FHIRHelpers or BackCommon function call), and for every library
 * and include at the start of each evaluation; the stock manager answers through streams over a cache keyed by the
 * deep-hashed identifier (7 % of a request's CPU, and again 4 % at the start). An identifier
 * whose name is loaded but whose version differs is passed to the stock manager, which reports it as it always has.
 */
final class PreloadedLibraryManager extends LibraryManager {

    private final Map<String, CompiledLibrary> byName = new ConcurrentHashMap<>();

    PreloadedLibraryManager() {
        super(new ModelManager(), new CqlCompilerOptions(), new ConcurrentHashMap<>());
    }

    void add(CompiledLibrary library) {
        getCompiledLibraries().put(library.getIdentifier(), library);
        byName.put(library.getIdentifier().getId(), library);
    }

    @Override
    public CompiledLibrary resolveLibrary(VersionedIdentifier identifier) {
        CompiledLibrary library = loaded(identifier);
        return library != null ? library : super.resolveLibrary(identifier);
    }

    /** The engine's way in when it loads a library and its includes before evaluating. */
    @Override
    public CompiledLibrary resolveLibrary(VersionedIdentifier identifier, List<CqlCompilerException> errors) {
        CompiledLibrary library = loaded(identifier);
        return library != null ? library : super.resolveLibrary(identifier, errors);
    }

    @Override
    public CompiledLibrary resolveLibrary(VersionedIdentifier identifier, CacheMode cacheMode) {
        CompiledLibrary library = loaded(identifier);
        return library != null ? library : super.resolveLibrary(identifier, cacheMode);
    }

    @Override
    public CompiledLibraryMultiResults resolveLibraries(List<VersionedIdentifier> identifiers) {
        List<CompiledLibrary> libraries = identifiers.stream().map(this::loaded).toList();
        if (libraries.contains(null)) {
            return super.resolveLibraries(identifiers);
        }
        return CompiledLibraryMultiResults.from(
                libraries.stream().map(library -> new CompiledLibraryResult(library, List.of())).toList());
    }

    private CompiledLibrary loaded(VersionedIdentifier identifier) {
        CompiledLibrary library = identifier == null ? null : byName.get(identifier.getId());
        if (library == null) {
            return null;
        }
        VersionedIdentifier loaded = library.getLibrary().getIdentifier();
        boolean sameLibrary = Objects.equals(loaded.getSystem(), identifier.getSystem())
                && (identifier.getVersion() == null || identifier.getVersion().equals(loaded.getVersion()));
        return sameLibrary ? library : null;
    }
}
