package org.spinecds.cql.valueset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/**
 * The committed ValueSet files are the generator's output and nothing else, and that output is well formed for the
 * in-memory terminology provider (which matches by system and code only).
 */
class ValueSetFilesAreGeneratedTest {

    private static final String REGENERATE = "The committed ValueSets under cql/" + ValueSetGenerator.OUTPUT_DIR
            + " differ from what cql/valuesets/ produces (stale, hand-edited or missing). Regenerate from the repo root:"
            + " ./mvnw -q -pl cql test-compile exec:java -Dexec.mainClass=org.spinecds.cql.valueset.ValueSetGenerator"
            + " -Dexec.classpathScope=test -Dexec.args=cql";

    private static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final String SNOMED = "http://snomed.info/sct";
    /** FHIR carries ICD-10-CM dotted (M54.16); the CMS flat file's undotted form (M5416) would never match. */
    private static final Pattern DOTTED_ICD10CM = Pattern.compile("[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?");

    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|[^|]*\\| (\\d+) \\| ([A-C, ]+) \\|$");
    private static final Pattern TIER_COUNT = Pattern.compile("tier ([A-C]): \\d+");

    private static Path moduleDir;
    private static Map<String, String> rendered;
    private static List<ValueSet> valueSets;

    @BeforeAll
    static void generateInMemory() {
        // Surefire runs in the module directory and also passes it as "basedir".
        moduleDir = Path.of(System.getProperty("basedir", "."));
        rendered = ValueSetGenerator.render(moduleDir);
        FhirContext fhir = FhirContext.forR4Cached();
        valueSets = rendered.values().stream()
                .map(json -> fhir.newJsonParser().parseResource(ValueSet.class, json))
                .toList();
    }

    @Test
    void committedFilesAreExactlyTheGeneratedOnes() throws IOException {
        Map<String, String> committed = committedFiles();

        assertThat(committed.keySet()).as(REGENERATE).containsExactlyElementsOf(rendered.keySet());
        List<String> differing = rendered.keySet().stream()
                .filter(name -> !rendered.get(name).equals(committed.get(name)))
                .toList();
        assertThat(differing).as(REGENERATE).isEmpty();
    }

    @Test
    void regeneratingGivesTheSameBytes() {
        assertThat(ValueSetGenerator.render(moduleDir)).isEqualTo(rendered);
    }

    @Test
    void everyValueSetHasMembersAndSaysHowMany() {
        for (ValueSet valueSet : valueSets) {
            assertThat(valueSet.getExpansion().getContains()).as(valueSet.getIdPart()).isNotEmpty();
            assertThat(valueSet.getExpansion().getTotal()).as(valueSet.getIdPart())
                    .isEqualTo(valueSet.getExpansion().getContains().size());
        }
    }

    @Test
    void noCodeIsListedTwiceInOneValueSet() {
        for (ValueSet valueSet : valueSets) {
            Set<String> seen = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            for (ValueSetExpansionContainsComponent member : valueSet.getExpansion().getContains()) {
                if (!seen.add(member.getSystem() + "|" + member.getCode())) {
                    duplicates.add(member.getSystem() + "|" + member.getCode());
                }
            }
            assertThat(duplicates).as(valueSet.getIdPart()).isEmpty();
        }
    }

    @Test
    void icd10cmCodesAreInDottedForm() {
        List<String> undotted = allMembers().stream()
                .filter(m -> ICD10CM.equals(m.getSystem()))
                .map(ValueSetExpansionContainsComponent::getCode)
                .filter(code -> !DOTTED_ICD10CM.matcher(code).matches())
                .toList();
        assertThat(undotted).isEmpty();
    }

    @Test
    void everyMemberHasADisplay() {
        List<String> withoutDisplay = allMembers().stream()
                .filter(m -> m.getDisplay() == null || m.getDisplay().isBlank())
                .map(m -> m.getSystem() + "|" + m.getCode())
                .toList();
        assertThat(withoutDisplay).isEmpty();
    }

    @Test
    void aCodeHasTheSameDisplayInEveryValueSet() {
        Map<String, Set<String>> displaysByCode = new TreeMap<>();
        allMembers().forEach(m -> displaysByCode
                .computeIfAbsent(m.getSystem() + "|" + m.getCode(), k -> new HashSet<>()).add(m.getDisplay()));
        displaysByCode.values().removeIf(displays -> displays.size() == 1);
        assertThat(displaysByCode).isEmpty();
    }

    /** Displays were transcribed by hand; the copied official titles and VSAC displays catch a slip. */
    @Test
    void displaysMatchTheCopiedPublishedSourcesWhereTheyHaveTheCode() {
        Map<String, String> published = new HashMap<>();
        Path terminology = moduleDir.resolve(ValueSetGenerator.INPUT_DIR).resolve("terminology");
        ValueSetGenerator.Tsv.read(terminology.resolve("icd10cm-verified.tsv"), "icd10cm-verified.tsv").rows()
                .forEach(row -> published.put(ICD10CM + "|" + row.get("code"), row.get("official_title")));
        ValueSetGenerator.Tsv.read(terminology.resolve("vsac-extracts.tsv"), "vsac-extracts.tsv").rows()
                .forEach(row -> published.put(row.get("system") + "|" + row.get("code"), row.get("display")));

        Map<String, String> mismatches = new TreeMap<>();
        for (ValueSetExpansionContainsComponent m : allMembers()) {
            String key = m.getSystem() + "|" + m.getCode();
            if (published.containsKey(key) && !published.get(key).equals(m.getDisplay())) {
                mismatches.put(key, "'" + m.getDisplay() + "' but published '" + published.get(key) + "'");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** Spec tier U codes, and saddle numbness (a cauda equina red flag, not a tingling symptom). */
    @Test
    void unverifiedAndRedFlagCodesNeverShipAsTingling() {
        Set<String> members = new HashSet<>();
        allMembers().forEach(m -> members.add(m.getSystem() + "|" + m.getCode()));
        assertThat(members).doesNotContain(SNOMED + "|73589001", SNOMED + "|28579006", SNOMED + "|230572002",
                ICD10CM + "|G64");
        assertThat(codesOf("back-tingling-symptom")).doesNotContain(SNOMED + "|449813001");
    }

    /** Decision 2: these diagnoses do not make the back-tingling context on their own. */
    @Test
    void backRadicularLeavesOutDiagnosesWithoutRadiculopathy() {
        assertThat(codesOf("back-radicular")).doesNotContain(ICD10CM + "|M53.1", ICD10CM + "|M48.061",
                ICD10CM + "|M51.26", ICD10CM + "|M51.36", ICD10CM + "|M54.50");
    }

    /** Decision 5: subsequent-encounter and sequela injury codes never count as acute trauma. */
    @Test
    void acuteSpineInjuryHoldsInitialEncountersOnly() {
        assertThat(codesOf("acute-spine-injury-initial")).containsExactlyInAnyOrder(ICD10CM + "|S13.4XXA",
                ICD10CM + "|S16.1XXA", ICD10CM + "|S23.3XXA", SNOMED + "|39848009");
    }

    /** The README's table is written by hand; this keeps its counts and tiers honest. */
    @Test
    void readmeTableMatchesTheGeneratedValueSets() throws IOException {
        String readme = Files.readString(moduleDir.resolve(ValueSetGenerator.INPUT_DIR).resolve("README.md"));
        Map<String, String> documented = new TreeMap<>();
        Matcher row = README_ROW.matcher(readme);
        while (row.find()) {
            documented.put(row.group(1), row.group(2) + " | " + row.group(3));
        }
        Map<String, String> generated = new TreeMap<>();
        for (ValueSet valueSet : valueSets) {
            String tiers = TIER_COUNT.matcher(valueSet.getDescription()).results().map(m -> m.group(1))
                    .collect(Collectors.joining(", "));
            generated.put(valueSet.getIdPart(), valueSet.getExpansion().getContains().size() + " | " + tiers);
        }
        assertThat(documented).as("cql/valuesets/README.md value-set table (codes | tiers)").isEqualTo(generated);
    }

    private static Map<String, String> committedFiles() throws IOException {
        Path dir = moduleDir.resolve(ValueSetGenerator.OUTPUT_DIR);
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir,
                ValueSetGenerator.FILE_PREFIX + "*" + ValueSetGenerator.FILE_SUFFIX)) {
            for (Path file : stream) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static List<ValueSetExpansionContainsComponent> allMembers() {
        return valueSets.stream().flatMap(vs -> vs.getExpansion().getContains().stream()).toList();
    }

    private static Set<String> codesOf(String valueSetId) {
        ValueSet valueSet = valueSets.stream().filter(vs -> valueSetId.equals(vs.getIdPart())).findFirst()
                .orElseThrow(() -> new AssertionError("no value set " + valueSetId));
        Set<String> codes = new HashSet<>();
        valueSet.getExpansion().getContains().forEach(m -> codes.add(m.getSystem() + "|" + m.getCode()));
        return codes;
    }
}
