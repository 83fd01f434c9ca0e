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

import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmLibraryReaderFactory;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * The ELM libraries compiled at build time, loaded once into a shared {@link LibraryManager}.
 *
 * <p>The engine's own precompiled-ELM path silently re-translates the CQL in 3.29.0, so the ELM is read here and
 * placed in the manager's compiled-library cache directly. The cache is a {@link ConcurrentHashMap} and is only
 * read after construction, which makes one instance safe to share between request threads.
 */
public final class ElmLibraries {

    public static final String ELM_JSON = "application/elm+json";
    public static final String MANIFEST = "manifest.txt";
    private static final String CLASSPATH_FOLDER = "elm/";

    private final LibraryManager libraryManager;
    private final Map<String, Library> librariesByName = new ConcurrentHashMap<>();

    private ElmLibraries(LibraryManager libraryManager) {
        this.libraryManager = libraryManager;
    }

    /** Loads every library listed in {@code elm/manifest.txt} on the classpath. */
    public static ElmLibraries loadFromClasspath() {
        LibraryManager manager = new LibraryManager(
                new ModelManager(), new CqlCompilerOptions(), new ConcurrentHashMap<>());
        ElmLibraries libraries = new ElmLibraries(manager);
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
        libraryManager.getCompiledLibraries().put(library.getIdentifier(), compiled);
        librariesByName.put(library.getIdentifier().getId(), library);
    }

    public LibraryManager libraryManager() {
        return libraryManager;
    }

    public Set<String> names() {
        return Set.copyOf(librariesByName.keySet());
    }

    public Library require(String name) {
        Library library = librariesByName.get(name);
        if (library == null) {
            throw new IllegalArgumentException("No CQL library named " + name);
        }
        return library;
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
            return ElmLibraryReaderFactory.getReader(ELM_JSON).read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ELM " + fileName, e);
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
