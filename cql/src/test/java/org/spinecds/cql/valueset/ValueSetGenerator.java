package org.spinecds.cql.valueset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * Turns the curated value-set inputs under {@code cql/valuesets/} into one expanded FHIR R4 ValueSet per file under
 * {@code cql/src/main/resources/cql/valueset/}. The service matches codes from these expansions only (no terminology
 * server at run time), so every file carries its full expansion; the output is byte-for-byte deterministic so that
 * {@link ValueSetFilesAreGeneratedTest} can tell a stale or hand-edited file from a regenerated one.
 *
 * <p>Run from the repository root (see {@code cql/valuesets/README.md}):
 * {@code ./mvnw -q -pl cql test-compile exec:java@generate-valuesets}
 */
public final class ValueSetGenerator {

    static final String CANONICAL_BASE = "http://spinecds.org/fhir/ValueSet/";
    static final String VERSION = "0.1.0";
    static final String PUBLISHER = "spinecds";
    /** Fixed, not "now": regenerating unchanged inputs must give identical bytes. */
    static final String EXPANSION_TIMESTAMP = "2026-11-25T00:00:00Z";

    static final Path INPUT_DIR = Path.of("valuesets");
    static final Path OUTPUT_DIR = Path.of("src", "main", "resources", "cql", "valueset");
    static final String FILE_PREFIX = "ValueSet-";
    static final String FILE_SUFFIX = ".json";

    private ValueSetGenerator() {
    }

    /** Takes the cql module directory, regenerates every ValueSet file and removes files no input names any more. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ValueSetGenerator <cql module dir>");
        }
        Path moduleDir = Path.of(args[0]);
        Map<String, String> files = render(moduleDir);
        Path outputDir = moduleDir.resolve(OUTPUT_DIR);
        writeReplacingOldFiles(outputDir, files);
        System.out.println("ValueSetGenerator: wrote " + files.size() + " ValueSets to " + outputDir);
    }

    /** The files the inputs produce, by file name (sorted), without touching the disk. */
    public static Map<String, String> render(Path moduleDir) {
        Path inputDir = moduleDir.resolve(INPUT_DIR);
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("No value-set inputs at " + inputDir.toAbsolutePath()
                    + ": pass the cql module directory");
        }
        List<CuratedValueSet> valueSets = new CuratedInputs(inputDir).read();
        ValueSetRenderer renderer = new ValueSetRenderer();
        Map<String, String> files = new TreeMap<>();
        for (CuratedValueSet valueSet : valueSets) {
            files.put(fileName(valueSet.definition().id()), renderer.render(valueSet));
        }
        return files;
    }

    static String fileName(String valueSetId) {
        return FILE_PREFIX + valueSetId + FILE_SUFFIX;
    }

    private static void writeReplacingOldFiles(Path outputDir, Map<String, String> files) throws IOException {
        Files.createDirectories(outputDir);
        try (DirectoryStream<Path> existing = Files.newDirectoryStream(outputDir, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            for (Path file : existing) {
                if (!files.containsKey(file.getFileName().toString())) {
                    Files.delete(file);
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(outputDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** A = official file or published expansion; B = curated derivative; C = corroborated only (spec §0.1). */
    enum Tier {
        A, B, C;

        static Tier parse(String value, String where) {
            if ("U".equals(value)) {
                throw new IllegalArgumentException(where + ": tier U (unverified) codes must not ship");
            }
            try {
                return Tier.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": tier must be A, B or C, was '" + value + "'", e);
            }
        }
    }

    /**
     * The source keys of the clinical specification (§0.3), plus DERIVED for codes formed by an ICD-10-CM
     * convention rather than read from a file. An unknown key fails the build, so every code stays traceable.
     */
    static final Map<String, String> SOURCES = orderedMap(
            "CMS", "CMS ICD-10-CM code-description file (official titles)",
            "VSAC", "VSAC expansions published in CMS eCQM content (cqframework ecqm-content-qicore-2024 / ecqm-content-r4)",
            "PMS", "AHRQ CDS Connect Pain Management Summary CQL (direct-reference codes)",
            "PMSDB", "AHRQ Pain Management Summary valueset-db.json (VSAC membership, codes only)",
            "PDDI", "HL7 PDDI-CDS implementation guide element value sets and CQL (warfarin-NSAIDs artifacts)",
            "USCORE", "HL7 US Core value set us-core-allergy-substance (Common substances for allergy and intolerance)",
            "OCDS", "CDC Opioid CDS (cqframework/opioid-cds-r4) value-set expansions",
            "IPS", "HL7 International Patient Summary IG value sets and concept maps (HL7/fhir-ips)",
            "SHC", "HL7 SMART Health Cards Vaccination and Testing IG value sets (HL7/fhir-shc-vaccination-ig)",
            "THO", "HL7 Terminology (THO) code systems v3-ObservationInterpretation and v3-NullFlavor, as published in FHIR R4",
            "OHDSI", "OHDSI PhenotypeLibrary concept sets (OMOP/Athena concept names)",
            "SEC", "secondary public code listings only",
            "DERIVED", "formed from a tier-A code by the ICD-10-CM 7th-character convention, not read from a file");

    /** Sources whose content is VSAC's, which needs a UMLS licence for production use. */
    static final Set<String> VSAC_CONTENT = Set.of("VSAC", "PMSDB");

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    record Definition(String id, String name, String title, String description) {
        private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
        private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

        Definition {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("value set id '" + id + "' must be lower-case words joined by '-'");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(id + ": name '" + name + "' must be PascalCase without spaces");
            }
            if (title.isBlank() || description.isBlank()) {
                throw new IllegalArgumentException(id + ": title and description are required");
            }
        }

        String url() {
            return CANONICAL_BASE + id;
        }
    }

    record Member(String system, String code, String display, Tier tier, String source, String note) {
        String key() {
            return system + "|" + code;
        }

        Member withDisplay(String newDisplay) {
            return new Member(system, code, newDisplay, tier, source, note);
        }
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The PDDI bundle wraps long names over several lines; a display is one line with single spaces. */
    static String collapseWhitespace(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /**
     * Which rows of a table an import takes: clauses joined by ";", all of which must hold. A clause is
     * {@code column=value} (cell equals value; an empty value selects blank cells), {@code column~regex} (the regex is
     * found in the cell, whitespace collapsed), or either negated with "!" ({@code column!=value},
     * {@code column!~regex}). Regexes cannot contain ";".
     */
    record Selector(String text, List<Clause> clauses) {

        record Clause(String column, boolean negated, Pattern regex, String value) {
            boolean matches(Tsv.Row row) {
                String cell = row.get(column);
                boolean hit = regex != null ? regex.matcher(collapseWhitespace(cell)).find() : value.equals(cell);
                return hit != negated;
            }
        }

        static Selector parse(String text, String where) {
            List<Clause> clauses = new ArrayList<>();
            for (String part : text.split(";")) {
                int at = indexOfOperator(part);
                if (at < 1) {
                    throw new IllegalArgumentException(where + ": selector clause must be column=value, column!=value,"
                            + " column~regex or column!~regex, was '" + part + "'");
                }
                boolean negated = part.charAt(at) == '!';
                int op = negated ? at + 1 : at;
                if (op >= part.length() || (part.charAt(op) != '=' && part.charAt(op) != '~')) {
                    throw new IllegalArgumentException(where + ": '!' must be followed by '=' or '~' in '" + part + "'");
                }
                String column = part.substring(0, at).strip();
                String value = part.substring(op + 1);
                Pattern regex = null;
                if (part.charAt(op) == '~') {
                    try {
                        regex = Pattern.compile(value);
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new IllegalArgumentException(where + ": bad regex in '" + part + "'", e);
                    }
                }
                clauses.add(new Clause(column, negated, regex, value.strip()));
            }
            return new Selector(text, List.copyOf(clauses));
        }

        private static int indexOfOperator(String clause) {
            for (int i = 0; i < clause.length(); i++) {
                char c = clause.charAt(i);
                if (c == '=' || c == '~' || c == '!') {
                    return i;
                }
            }
            return -1;
        }

        /** A misspelt column would otherwise select nothing, or (negated) everything. */
        void checkColumns(Tsv table, String where) {
            for (Clause clause : clauses) {
                if (!table.header().contains(clause.column())) {
                    throw new IllegalArgumentException(where + ": " + table.name() + " has no column '" + clause.column() + "'");
                }
            }
        }

        boolean matches(Tsv.Row row) {
            return clauses.stream().allMatch(clause -> clause.matches(row));
        }
    }

    record CuratedValueSet(Definition definition, List<Member> members) {
    }

    /**
     * Reads valuesets.tsv, codes.tsv and imports.tsv. Imports add every selected row of another table: a copied
     * published extract, or codes.tsv itself (how unions are written). They select direct codes.tsv rows only, never
     * another set's imports, which keeps the inputs readable without following chains.
     */
    static final class CuratedInputs {
        private final Path inputDir;
        private final Map<String, Tsv> tablesByFile = new HashMap<>();
        /**
         * One display per system|code across every value set: a codes.tsv row's, else the first imported row's (in
         * imports.tsv order). Published expansions merge code-system versions, so one code can arrive with two
         * displays (e.g. "Warfarin Sodium 5 MG Oral Tablet" and "warfarin sodium 5 MG Oral Tablet").
         */
        private final Map<String, String> displays = new HashMap<>();

        CuratedInputs(Path inputDir) {
            this.inputDir = inputDir;
        }

        List<CuratedValueSet> read() {
            Map<String, Definition> definitions = readDefinitions();
            Map<String, MemberCollector> collectors = new LinkedHashMap<>();
            definitions.keySet().forEach(id -> collectors.put(id, new MemberCollector(id)));

            Set<String> curatedRows = new HashSet<>();
            Tsv codes = table("codes.tsv");
            for (Tsv.Row row : codes.rows()) {
                String valueSetId = row.require("valueset_id");
                String where = row.where();
                MemberCollector collector = collectorFor(collectors, valueSetId, where);
                Member member = memberFrom(row, null, row.require("tier"), row.require("source"), row.get("note"));
                if (!curatedRows.add(valueSetId + "|" + member.key())) {
                    throw new IllegalArgumentException(where + ": " + member.key() + " listed twice for " + valueSetId);
                }
                String earlier = displays.putIfAbsent(member.key(), member.display());
                if (earlier != null && !earlier.equals(member.display())) {
                    throw new IllegalArgumentException(where + ": " + member.key() + " has the display '"
                            + member.display() + "' here and '" + earlier + "' in an earlier codes.tsv row");
                }
                collector.add(member, where);
            }

            Path imports = inputDir.resolve("imports.tsv");
            if (Files.exists(imports)) {
                for (Tsv.Row importRow : table("imports.tsv").rows()) {
                    applyImport(importRow, collectorFor(collectors, importRow.require("valueset_id"), importRow.where()));
                }
            }

            List<CuratedValueSet> valueSets = new ArrayList<>();
            for (Definition definition : definitions.values()) {
                List<Member> members = collectors.get(definition.id()).sortedMembers();
                if (members.isEmpty()) {
                    throw new IllegalArgumentException("value set " + definition.id() + " has no members");
                }
                valueSets.add(new CuratedValueSet(definition, members));
            }
            return valueSets;
        }

        private Map<String, Definition> readDefinitions() {
            Map<String, Definition> definitions = new LinkedHashMap<>();
            for (Tsv.Row row : table("valuesets.tsv").rows()) {
                Definition definition = new Definition(row.require("id"), row.require("name"), row.require("title"),
                        row.require("description"));
                if (definitions.put(definition.id(), definition) != null) {
                    throw new IllegalArgumentException(row.where() + ": value set " + definition.id() + " defined twice");
                }
            }
            return definitions;
        }

        /**
         * An import's system/tier/source/note columns win; blank ones are taken from the selected row. The system
         * column is needed for tables without one (the CMS titles, the PDDI RxNorm rows).
         */
        private void applyImport(Tsv.Row importRow, MemberCollector collector) {
            String file = importRow.require("source_file");
            Tsv table = table(file);
            Selector selector = Selector.parse(importRow.require("selector"), importRow.where());
            selector.checkColumns(table, importRow.where());
            List<Tsv.Row> selected = table.rows().stream().filter(selector::matches).toList();
            if (selected.isEmpty()) {
                // A typo in a selector must not silently ship a smaller value set.
                throw new IllegalArgumentException(importRow.where() + ": " + selector.text() + " selects no row of " + file);
            }
            for (Tsv.Row row : selected) {
                Member member = memberFrom(row, importRow.get("system"),
                        firstNonBlank(importRow.get("tier"), row.get("tier")),
                        firstNonBlank(importRow.get("source"), row.get("source")),
                        firstNonBlank(importRow.get("note"), row.get("note")));
                String display = displays.computeIfAbsent(member.key(), key -> member.display());
                collector.add(member.withDisplay(display), row.where() + " (imported by " + importRow.where() + ")");
            }
        }

        /** Reads a row of codes.tsv or of a copied extract: code may be "code" or "rxcui", display "display" or "official_title". */
        private static Member memberFrom(Tsv.Row row, String system, String tier, String source, String note) {
            String where = row.where();
            if (!SOURCES.containsKey(source)) {
                throw new IllegalArgumentException(where + ": unknown source key '" + source + "', expected one of "
                        + SOURCES.keySet());
            }
            String systemValue = system != null && !system.isBlank() ? system : row.require("system");
            String code = row.get("code") != null ? row.require("code") : row.require("rxcui");
            String display = row.get("display") != null ? row.require("display") : row.require("official_title");
            return new Member(systemValue, code, collapseWhitespace(display), Tier.parse(tier, where), source, note);
        }

        private static MemberCollector collectorFor(Map<String, MemberCollector> collectors, String id, String where) {
            MemberCollector collector = collectors.get(id);
            if (collector == null) {
                throw new IllegalArgumentException(where + ": value set '" + id + "' is not defined in valuesets.tsv");
            }
            return collector;
        }

        private Tsv table(String file) {
            return tablesByFile.computeIfAbsent(file, f -> Tsv.read(inputDir.resolve(f), f));
        }

        private static String firstNonBlank(String preferred, String fallback) {
            return preferred != null && !preferred.isBlank() ? preferred : fallback == null ? "" : fallback;
        }
    }

    /** Gathers one value set's members; the same code arriving twice (e.g. through a union) is kept once. */
    static final class MemberCollector {
        private final String valueSetId;
        private final Map<String, Member> membersByKey = new HashMap<>();

        MemberCollector(String valueSetId) {
            this.valueSetId = valueSetId;
        }

        void add(Member member, String where) {
            Member earlier = membersByKey.get(member.key());
            if (earlier == null) {
                membersByKey.put(member.key(), member);
                return;
            }
            if (!earlier.display().equals(member.display())) {
                throw new IllegalArgumentException(where + ": " + member.key() + " in " + valueSetId
                        + " has two displays: '" + earlier.display() + "' and '" + member.display() + "'");
            }
            // Keep the best verification the code has anywhere, so the tier counts are not understated.
            if (member.tier().compareTo(earlier.tier()) < 0) {
                membersByKey.put(member.key(), member);
            }
        }

        List<Member> sortedMembers() {
            return membersByKey.values().stream()
                    .sorted(Comparator.comparing(Member::system).thenComparing(Member::code))
                    .toList();
        }
    }

    /** Builds the FHIR resource and serialises it; everything that varies comes from the inputs. */
    static final class ValueSetRenderer {
        private static final Map<String, String> SYSTEM_NAMES = Map.of(
                "http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-CM",
                "http://terminology.hl7.org/CodeSystem/icd9cm", "ICD-9-CM",
                "http://snomed.info/sct", "SNOMED CT",
                "http://loinc.org", "LOINC",
                "http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm",
                "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "HL7 v3 ObservationInterpretation",
                "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "HL7 v3 NullFlavor");

        private final IParser parser = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true);

        String render(CuratedValueSet curated) {
            Definition definition = curated.definition();
            List<Member> members = curated.members();
            ValueSet valueSet = new ValueSet();
            valueSet.setId(definition.id());
            valueSet.setUrl(definition.url());
            valueSet.setVersion(VERSION);
            valueSet.setName(definition.name());
            valueSet.setTitle(definition.title());
            valueSet.setStatus(PublicationStatus.ACTIVE);
            valueSet.setExperimental(false);
            valueSet.setPublisher(PUBLISHER);
            valueSet.setDescription(description(definition, members));
            valueSet.setCopyright(copyright(members));
            addCompose(valueSet, members);
            addExpansion(valueSet, members);
            return parser.encodeResourceToString(valueSet) + "\n";
        }

        private static void addCompose(ValueSet valueSet, List<Member> members) {
            Map<String, List<Member>> bySystem = members.stream()
                    .collect(Collectors.groupingBy(Member::system, TreeMap::new, Collectors.toList()));
            bySystem.forEach((system, systemMembers) -> {
                ConceptSetComponent include = valueSet.getCompose().addInclude().setSystem(system);
                systemMembers.forEach(m -> include.addConcept().setCode(m.code()).setDisplay(m.display()));
            });
        }

        private static void addExpansion(ValueSet valueSet, List<Member> members) {
            ValueSetExpansionComponent expansion = valueSet.getExpansion();
            expansion.setTimestampElement(new DateTimeType(EXPANSION_TIMESTAMP));
            expansion.setTotal(members.size());
            members.forEach(m -> expansion.addContains().setSystem(m.system()).setCode(m.code()).setDisplay(m.display()));
        }

        private static String description(Definition definition, List<Member> members) {
            Map<Tier, Long> tierCounts = new EnumMap<>(Tier.class);
            members.forEach(m -> tierCounts.merge(m.tier(), 1L, Long::sum));
            Set<String> sourcesPresent = members.stream().map(Member::source).collect(Collectors.toSet());
            StringBuilder text = new StringBuilder(definition.description()).append("\n\n");
            text.append("**Codes:** ").append(members.size()).append(" (")
                    .append(tierCounts.entrySet().stream().map(e -> "tier " + e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append("); code systems: ").append(String.join(", ", systemNames(members))).append(".\n\n");
            text.append("**Where the codes come from** (source keys of the spinecds clinical content specification):\n\n");
            SOURCES.forEach((key, meaning) -> {
                if (sourcesPresent.contains(key)) {
                    text.append("- ").append(key).append(": ").append(meaning).append("\n");
                }
            });
            text.append("\n**Verification tiers present:**\n\n");
            for (Tier tier : tierCounts.keySet()) {
                text.append("- Tier ").append(tier).append(": ").append(tierMeaning(tier)).append("\n");
            }
            text.append("\nGenerated by ValueSetGenerator from cql/valuesets/ (see its README): edit the inputs, not this file.");
            return text.toString();
        }

        private static String tierMeaning(Tier tier) {
            return switch (tier) {
                case A -> "code and display found in an official code file or a published, versioned expansion.";
                case B -> "found in a curated derivative (OHDSI/Athena names, or VSAC membership without displays).";
                case C -> "corroborated by secondary sources only; confirm on a terminology server (tx.fhir.org, VSAC, UMLS)"
                        + " before production use.";
            };
        }

        private static String copyright(List<Member> members) {
            Set<String> systems = new TreeSet<>(members.stream().map(Member::system).toList());
            List<String> notices = new ArrayList<>();
            if (members.stream().anyMatch(m -> VSAC_CONTENT.contains(m.source()))) {
                notices.add("Contains codes copied from published VSAC expansions for development: production use "
                        + "requires a UMLS licence and a fresh expansion from VSAC.");
            }
            if (systems.contains("http://snomed.info/sct")) {
                notices.add("SNOMED CT content is used under licence from SNOMED International; "
                        + "an affiliate licence may be required in your country.");
            }
            if (systems.contains("http://loinc.org")) {
                notices.add("LOINC content is copyright Regenstrief Institute, Inc. and available at no cost under "
                        + "the licence at https://loinc.org/license/.");
            }
            if (systems.contains("http://hl7.org/fhir/sid/icd-10-cm")) {
                notices.add("ICD-10-CM is published by the US CDC National Center for Health Statistics.");
            }
            if (systems.contains("http://terminology.hl7.org/CodeSystem/icd9cm")) {
                notices.add("ICD-9-CM is published by the US CDC National Center for Health Statistics.");
            }
            if (systems.contains("http://www.nlm.nih.gov/research/umls/rxnorm")) {
                notices.add("RxNorm is produced by the US National Library of Medicine.");
            }
            if (systems.contains("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")
                    || systems.contains("http://terminology.hl7.org/CodeSystem/v3-NullFlavor")) {
                notices.add("HL7 v3 code systems are published by HL7 International in HL7 Terminology (terminology.hl7.org).");
            }
            return String.join(" ", notices);
        }

        private static List<String> systemNames(List<Member> members) {
            return members.stream().map(Member::system).distinct()
                    .map(system -> SYSTEM_NAMES.getOrDefault(system, system)).toList();
        }
    }

    /** A tab-separated table with a header line; empty lines are skipped, trailing empty cells are kept. */
    record Tsv(String name, List<String> header, List<Row> rows) {

        static Tsv read(Path file, String name) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(name + " has no header line");
            }
            List<String> header = List.of(lines.get(0).split("\t", -1));
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] cells = lines.get(i).split("\t", -1);
                String where = name + ":" + (i + 1);
                if (cells.length != header.size()) {
                    throw new IllegalArgumentException(where + ": " + cells.length + " cells, header has " + header.size());
                }
                Map<String, String> values = new HashMap<>();
                for (int c = 0; c < cells.length; c++) {
                    values.put(header.get(c), cells[c].strip());
                }
                rows.add(new Row(where, values));
            }
            return new Tsv(name, header, rows);
        }

        record Row(String where, Map<String, String> values) {
            String get(String column) {
                return values.get(column);
            }

            String require(String column) {
                String value = values.get(column);
                if (value == null) {
                    throw new IllegalArgumentException(where + ": no column '" + column + "'");
                }
                if (value.isBlank()) {
                    throw new IllegalArgumentException(where + ": column '" + column + "' is empty");
                }
                return value;
            }
        }
    }
}
