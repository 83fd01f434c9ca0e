package org.spinecds.cql.compile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.DefaultLibrarySourceProvider;
import org.cqframework.cql.cql2elm.LibraryBuilder;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmLibraryWriterFactory;
import org.hl7.elm.r1.IncludeDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.spinecds.cql.engine.ElmLibraries;

/**
 * Translates every CQL library of a source folder to ELM JSON at build time (Maven process-classes), together with
 * every library they include (FHIRHelpers from the quick jar), and writes a manifest in dependency order.
 * The service never translates CQL at run time: the engine's own precompiled-ELM path is broken in 3.29.0, so
 * {@link ElmLibraries} loads these files itself.
 */
public final class ElmCompiler {

    private final LibraryManager libraryManager;

    public ElmCompiler(Path cqlSourceDir) {
        this.libraryManager = new LibraryManager(new ModelManager(), compilerOptions());
        libraryManager.getLibrarySourceLoader().registerProvider(new DefaultLibrarySourceProvider(cqlSourceDir));
    }

    /**
     * The options used to build the shipped ELM; keep them identical wherever CQL is translated. Every function call
     * carries its signature: the engine then resolves a call once per request and remembers it, instead of matching
     * the arguments' run-time types against each overload on every call (a tenth of a request's CPU).
     */
    public static CqlCompilerOptions compilerOptions() {
        return new CqlCompilerOptions(
                        CqlCompilerException.ErrorSeverity.Info,
                        LibraryBuilder.SignatureLevel.All,
                        CqlCompilerOptions.Options.EnableResultTypes,
                        CqlCompilerOptions.Options.EnableLocators,
                        CqlCompilerOptions.Options.DisableListDemotion,
                        CqlCompilerOptions.Options.DisableListPromotion);
    }

    /** Compiles the named libraries and everything they include; the result is in dependency order. */
    public Map<VersionedIdentifier, String> compile(List<String> libraryNames) {
        Map<VersionedIdentifier, String> elmInDependencyOrder = new LinkedHashMap<>();
        for (String name : libraryNames) {
            addWithIncludes(new VersionedIdentifier().withId(name), elmInDependencyOrder);
        }
        return elmInDependencyOrder;
    }

    private void addWithIncludes(VersionedIdentifier id, Map<VersionedIdentifier, String> out) {
        CompiledLibrary library = resolveOrFail(id);
        VersionedIdentifier resolvedId = library.getIdentifier();
        if (out.containsKey(resolvedId)) {
            return;
        }
        if (library.getLibrary().getIncludes() != null) {
            for (IncludeDef include : library.getLibrary().getIncludes().getDef()) {
                addWithIncludes(new VersionedIdentifier().withId(include.getPath()).withVersion(include.getVersion()), out);
            }
        }
        out.put(resolvedId, ElmLibraryWriterFactory.getWriter(ElmLibraries.ELM_JSON).writeAsString(library.getLibrary()));
    }

    private CompiledLibrary resolveOrFail(VersionedIdentifier id) {
        List<CqlCompilerException> messages = new ArrayList<>();
        CompiledLibrary library = libraryManager.resolveLibrary(id, messages);
        List<CqlCompilerException> errors = messages.stream()
                .filter(m -> m.getSeverity() == CqlCompilerException.ErrorSeverity.Error)
                .toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("CQL library " + id.getId() + " does not compile:\n" + describe(errors));
        }
        return library;
    }

    private static String describe(List<CqlCompilerException> errors) {
        return errors.stream()
                .map(e -> "  " + (e.getLocator() == null ? "" : e.getLocator().toLocator() + " ") + e.getMessage())
                .collect(Collectors.joining("\n"));
    }

    /** Writes {@code <Name>-<version>.json} files and the manifest into the output folder. */
    public static void write(Map<VersionedIdentifier, String> elm, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        List<String> manifest = new ArrayList<>();
        for (Map.Entry<VersionedIdentifier, String> entry : elm.entrySet()) {
            String fileName = ElmLibraries.fileName(entry.getKey());
            Files.writeString(outputDir.resolve(fileName), entry.getValue(), StandardCharsets.UTF_8);
            manifest.add(fileName);
        }
        Files.write(outputDir.resolve(ElmLibraries.MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    /** Arguments: the CQL source folder and the ELM output folder. Every {@code *.cql} in the source folder is built. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ElmCompiler <cql source dir> <elm output dir>");
        }
        Path sourceDir = Path.of(args[0]);
        List<String> names;
        try (Stream<Path> files = Files.list(sourceDir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cql"))
                    .map(n -> n.substring(0, n.length() - ".cql".length()))
                    .sorted()
                    .toList();
        }
        write(new ElmCompiler(sourceDir).compile(names), Path.of(args[1]));
    }
}
