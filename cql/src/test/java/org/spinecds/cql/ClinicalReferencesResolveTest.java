package org.spinecds.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every "Decision N" and every "spec X.Y" / "§X.Y" that the rules, the card catalogue, the value-set inputs and the
 * Java sources cite must resolve inside the repository, to a heading of {@code docs/clinical-rules.md}.
 *
 * <p>Convention of that file: a decision has the heading {@code ### Decision N — title} and the anchor
 * {@code <a id="decision-N">}; a section has the heading {@code ### §X.Y title} and the anchor
 * {@code <a id="sec-X-Y">}. "spec 6.2 rule 4" and "§5 #2" resolve to §6.2 and §5; a deeper number such as §6.2.1
 * falls back to §6.2 when it has no heading of its own (never further, so §2.7 does not resolve to §2).
 *
 * <p>Tests run with the {@code cql} module directory as working directory.
 */
class ClinicalReferencesResolveTest {

    private static final Path DOC = Path.of("..", "docs", "clinical-rules.md");

    /** "Decision 7", "Decisions 3, 6, 7, 8", "Decisions 9-10", "Decisions 5 and 9". */
    private static final Pattern DECISIONS =
            Pattern.compile("\\bDecisions?\\s+(\\d+(?:\\s*(?:,|-|–|\\band\\b|&)\\s*\\d+)*)");

    /**
     * "spec 6.2", "spec §6.2", "spec section 5", "specification 1.0", "§5.1", and lists of dotted numbers after them
     * ("spec 3.4, 4.2, 6.2"). Bare numbers after a comma are not taken: "spec 2.2, 12 months" cites §2.2 only.
     */
    private static final Pattern SECTIONS = Pattern.compile(
            "(?:\\bspec(?:ification)?\\s+(?:section\\s+)?§?\\s*|§\\s*)(\\d+(?:\\.\\d+)*)"
                    + "((?:\\s*(?:,|\\band\\b)\\s*§?\\d+\\.\\d+(?:\\.\\d+)*)*)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern DOTTED = Pattern.compile("\\d+(?:\\.\\d+)*");

    private static final Pattern DECISION_HEADING =
            Pattern.compile("(?m)^#{2,4}\\s+Decision\\s+(\\d+)(\\s+\\(amended\\))?\\s+—\\s+\\S");
    private static final Pattern SECTION_HEADING = Pattern.compile("(?m)^#{2,4}\\s+§(\\d+(?:\\.\\d+)*)\\s+\\S");

    private static String doc;
    private static Set<Integer> decisionHeadings;
    private static Set<String> sectionHeadings;

    @BeforeAll
    static void readDocument() {
        assertThat(DOC).as("the clinical rules document").isRegularFile();
        doc = read(DOC);
        decisionHeadings = new TreeSet<>();
        Matcher d = DECISION_HEADING.matcher(doc);
        while (d.find()) {
            decisionHeadings.add(Integer.parseInt(d.group(1)));
        }
        sectionHeadings = new TreeSet<>();
        Matcher s = SECTION_HEADING.matcher(doc);
        while (s.find()) {
            sectionHeadings.add(s.group(1));
        }
    }

    @Test
    void everyCitedDecisionHasAHeadingAndAnAnchor() {
        Map<Integer, List<String>> cited = new TreeMap<>();
        for (Path file : scannedFiles()) {
            forEachLine(file, (where, line) -> {
                Matcher m = DECISIONS.matcher(line);
                while (m.find()) {
                    for (int n : decisionNumbers(m.group(1))) {
                        cited.computeIfAbsent(n, k -> new ArrayList<>()).add(where);
                    }
                }
            });
        }
        assertThat(cited).as("decision references found in the code").isNotEmpty();

        List<String> unresolved = new ArrayList<>();
        cited.forEach((n, places) -> {
            if (!decisionHeadings.contains(n) || !doc.contains("<a id=\"decision-" + n + "\"></a>")) {
                unresolved.add("Decision " + n + " cited at " + places);
            }
        });
        assertThat(unresolved).as("decisions cited without a heading and anchor in " + DOC).isEmpty();
    }

    @Test
    void everyCitedSectionHasAHeadingAndAnAnchor() {
        Map<String, List<String>> cited = new TreeMap<>();
        for (Path file : scannedFiles()) {
            forEachLine(file, (where, line) -> {
                Matcher m = SECTIONS.matcher(line);
                while (m.find()) {
                    cited.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(where);
                    Matcher more = DOTTED.matcher(m.group(2));
                    while (more.find()) {
                        cited.computeIfAbsent(more.group(), k -> new ArrayList<>()).add(where);
                    }
                }
            });
        }
        assertThat(cited).as("section references found in the code").isNotEmpty();

        List<String> unresolved = new ArrayList<>();
        cited.forEach((number, places) -> {
            String section = resolve(number);
            if (section == null || !doc.contains("<a id=\"sec-" + section.replace('.', '-') + "\"></a>")) {
                unresolved.add("§" + number + " cited at " + places);
            }
        });
        assertThat(unresolved).as("sections cited without a heading and anchor in " + DOC).isEmpty();
    }

    @Test
    void theDocumentStatesEveryDecisionOnceAndTheAdoptedAmendment() {
        for (int n = 1; n <= 24; n++) {
            Pattern heading = Pattern.compile("(?m)^#{2,4}\\s+Decision\\s+" + n + "\\s+—\\s+\\S");
            assertThat(heading.matcher(doc).results().count()).as("headings of Decision " + n).isEqualTo(1);
            assertThat(doc).contains("<a id=\"decision-" + n + "\"></a>");
        }
        assertThat(doc).containsPattern("(?m)^#{2,4}\\s+Decision 2 \\(amended\\)\\s+—\\s+\\S")
                .contains("<a id=\"decision-2-amended\"></a>");
    }

    @Test
    void theDocumentStandsOnItsOwn() {
        assertThat(doc).as("the repository must not point outside itself for its clinical content")
                .doesNotContain("../shared")
                .doesNotContain("shared/")
                .doesNotContain("clinical-content.md");
    }

    /** The heading a cited section number resolves to: itself, or its parent when deeper than X.Y; else null. */
    private static String resolve(String number) {
        String candidate = number;
        while (true) {
            if (sectionHeadings.contains(candidate)) {
                return candidate;
            }
            int lastDot = candidate.lastIndexOf('.');
            if (lastDot < 0 || candidate.indexOf('.') == lastDot) {
                return null;
            }
            candidate = candidate.substring(0, lastDot);
        }
    }

    private static List<Integer> decisionNumbers(String list) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = Pattern.compile("(\\d+)(?:\\s*[-–]\\s*(\\d+))?").matcher(list);
        while (m.find()) {
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            for (int n = from; n <= to; n++) {
                numbers.add(n);
            }
        }
        return numbers;
    }

    /** The rules, value-set inputs and generated value sets, the card catalogue, the Java sources, the README. */
    private static List<Path> scannedFiles() {
        List<Path> files = new ArrayList<>();
        files.addAll(list(Path.of("src", "main", "resources", "cql"), ".cql", false));
        files.addAll(list(Path.of("src", "main", "resources", "cql", "valueset"), ".json", false));
        files.addAll(list(Path.of("valuesets"), ".md", false));
        files.addAll(list(Path.of("valuesets"), ".tsv", false));
        files.addAll(list(Path.of("..", "cds-hooks", "src", "main", "resources", "cards"), ".json", false));
        files.addAll(list(Path.of("src", "main", "java"), ".java", true));
        files.addAll(list(Path.of("..", "cds-hooks", "src", "main", "java"), ".java", true));
        files.addAll(list(Path.of("..", "server", "src", "main", "java"), ".java", true));
        files.add(Path.of("..", "README.md"));

        assertThat(files).as("scanned files")
                .contains(Path.of("..", "cds-hooks", "src", "main", "resources", "cards", "catalogue.json"))
                .anyMatch(p -> p.toString().endsWith(".cql"))
                .anyMatch(p -> p.toString().endsWith(".java"));
        return files;
    }

    private static List<Path> list(Path dir, String suffix, boolean recursive) {
        assertThat(dir).as("directory to scan").isDirectory();
        try (Stream<Path> paths = recursive ? Files.walk(dir) : Files.list(dir)) {
            return paths.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface LineVisitor {
        void visit(String where, String line);
    }

    private static void forEachLine(Path file, LineVisitor visitor) {
        List<String> lines = read(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            visitor.visit(file.normalize() + ":" + (i + 1), lines.get(i));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
