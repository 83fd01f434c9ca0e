package org.spinecds.cql.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds every case under {@code tests/<Library>/<case-id>/} on the classpath, from a folder (this module's own
 * tests) or from the cql test jar (other modules checking that each card is proven by cases).
 */
public final class LibraryCases {

    private static final String ROOT = "tests";

    private LibraryCases() {
    }

    public static List<LibraryCase> all() {
        Path root = rootFolder();
        try (Stream<Path> libraries = Files.list(root)) {
            return libraries.sorted().flatMap(LibraryCases::casesOf).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<LibraryCase> casesOf(Path libraryFolder) {
        String library = libraryFolder.getFileName().toString().replace("/", "");
        try (Stream<Path> cases = Files.list(libraryFolder)) {
            return cases.filter(Files::isDirectory).sorted()
                    .map(folder -> LibraryCase.read(library, folder))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path rootFolder() {
        URL url = LibraryCases.class.getClassLoader().getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException("No " + ROOT + "/ folder on the test classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                return jarFileSystem(uri).getPath(ROOT);
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot open " + url, e);
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri);
        }
    }
}
