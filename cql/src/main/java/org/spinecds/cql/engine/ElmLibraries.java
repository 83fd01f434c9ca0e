package org.spinecds.cql.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.LibraryWrapper;
import org.cqframework.cql.elm.serializing.jackson.ElmJsonMapper;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.VersionedIdentifier;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The ELM libraries compiled at build time, loaded once into a shared {@link LibraryManager}.
 *
 * <p>The engine's own precompiled-ELM path silently re-translates the CQL in 3.29.0, so the ELM is read here and
 * placed in the manager's compiled-library cache directly. The cache is a {@link ConcurrentHashMap} and is only
 * read after construction, which makes one instance safe to share between request threads. What the engine looks up
 * on every call (libraries by name, function calls, library identifiers) is made cheap to find as it is loaded.
 */
public final class ElmLibraries {

    public static final String ELM_JSON = "application/elm+json";
    public static final String MANIFEST = "manifest.txt";
    private static final String CLASSPATH_FOLDER = "elm/";

    /**
     * The ELM reader's own mapper, with function calls read as {@link NodeKeyedFunctionRef}: the stock reader's
     * configuration (a copy, so the shared mapper is left alone) plus one instantiator.
     */
    private static final ObjectMapper ELM_MAPPER = ElmJsonMapper.getMapper().copy()
            .registerModule(new SimpleModule("spinecds-elm").addValueInstantiator(FunctionRef.class,
                    new NodeKeyedFunctionRefs()));

    private final PreloadedLibraryManager libraryManager = new PreloadedLibraryManager();
    private final Map<String, Library> librariesByName = new ConcurrentHashMap<>();

    private ElmLibraries() {
    }

    /** Loads every library listed in {@code elm/manifest.txt} on the classpath. */
    public static ElmLibraries loadFromClasspath() {
        ElmLibraries libraries = new ElmLibraries();
        for (String fileName : readManifest()) {
            libraries.add(readLibrary(fileName));
        }
        return libraries;
    }

    public static String fileName(VersionedIdentifier id) {
        return id.getId() + "-" + id.getVersion() + ".json";
    }

    private void add(Library library) {
        // The engine finds defines by binary search over the statements: they must be sorted by name.
        if (library.getStatements() != null) {
            library.getStatements().getDef().sort(Comparator.comparing(ExpressionDef::getName));
        }
        CompiledLibrary compiled = new CompiledLibrary();
        compiled.setIdentifier(library.getIdentifier());
        compiled.setLibrary(library);
        library.setIdentifier(HashOnceVersionedIdentifier.of(library.getIdentifier()));
        libraryManager.add(compiled);
        librariesByName.put(library.getIdentifier().getId(), library);
    }

    public LibraryManager libraryManager() {
        return libraryManager;
    }

    public Set<String> names() {
        return Set.copyOf(librariesByName.keySet());
    }

    /** The identifiers of the loaded libraries, as the engine keys its caches by them. */
    public List<VersionedIdentifier> identifiers() {
        return librariesByName.values().stream().map(Library::getIdentifier).toList();
    }

    public Library require(String name) {
        Library library = librariesByName.get(name);
        if (library == null) {
            throw new IllegalArgumentException("No CQL library named " + name);
        }
        return library;
    }

    /** The names of the library's defines (not its functions), in the library's order. */
    public Set<String> defineNames(String name) {
        Set<String> names = new LinkedHashSet<>();
        Library library = require(name);
        if (library.getStatements() != null) {
            library.getStatements().getDef().stream()
                    .filter(def -> !(def instanceof FunctionDef))
                    .map(ExpressionDef::getName)
                    .forEach(names::add);
        }
        return names;
    }

    /** The canonical URL of every value set any loaded library declares. */
    public Set<String> declaredValueSetUrls() {
        Set<String> urls = new LinkedHashSet<>();
        for (Library library : librariesByName.values()) {
            if (library.getValueSets() != null) {
                library.getValueSets().getDef().stream().map(ValueSetDef::getId).forEach(urls::add);
            }
        }
        return urls;
    }

    /**
     * The ELM JSON of a library exactly as the build wrote it and the engine loaded it: what the knowledge server
     * publishes, so that it is never a second copy.
     */
    public static String elmJson(VersionedIdentifier id) {
        try (InputStream in = open(fileName(id))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ELM " + fileName(id), e);
        }
    }

    private static List<String> readManifest() {
        try (InputStream in = open(MANIFEST);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Library readLibrary(String fileName) {
        try (InputStream in = open(fileName)) {
            return ELM_MAPPER.readValue(in, LibraryWrapper.class).getLibrary();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ELM " + fileName, e);
        }
    }

    /** Creates every FunctionRef of the ELM as a {@link NodeKeyedFunctionRef}. */
    private static final class NodeKeyedFunctionRefs extends ValueInstantiator.Base {

        NodeKeyedFunctionRefs() {
            super(FunctionRef.class);
        }

        @Override
        public boolean canCreateUsingDefault() {
            return true;
        }

        @Override
        public Object createUsingDefault(DeserializationContext context) {
            return new NodeKeyedFunctionRef();
        }
    }

    private static InputStream open(String fileName) {
        InputStream in = ElmLibraries.class.getClassLoader().getResourceAsStream(CLASSPATH_FOLDER + fileName);
        if (in == null) {
            throw new IllegalStateException("ELM resource " + CLASSPATH_FOLDER + fileName
                    + " is missing: the cql module's build (process-classes) writes it");
        }
        return in;
    }
}
