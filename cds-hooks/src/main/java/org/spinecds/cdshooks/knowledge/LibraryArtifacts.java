package org.spinecds.cdshooks.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.elm.r1.CodeSystemDef;
import org.hl7.elm.r1.IncludeDef;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.RelatedArtifact.RelatedArtifactType;
import org.hl7.fhir.r4.model.ValueSet;
import org.spinecds.cql.engine.ElmLibraries;

/**
 * One FHIR Library per CQL library the engine runs: the CQL source and the ELM JSON it was compiled to, both read
 * from the classpath resources the engine itself loads, its includes and value sets as depends-on, and a copyright
 * naming the code systems it reads (through its own and its includes' value sets and codes).
 */
final class LibraryArtifacts {

    static final String CQL = "text/cql";
    private static final String LIBRARY_TYPE = "http://terminology.hl7.org/CodeSystem/library-type";

    private LibraryArtifacts() {
    }

    static List<Library> build(ElmLibraries libraries, Map<String, ValueSet> valueSets) {
        List<Library> built = new ArrayList<>();
        for (String name : new TreeSet<>(libraries.names())) {
            built.add(library(libraries, libraries.require(name), valueSets));
        }
        return List.copyOf(built);
    }

    private static Library library(ElmLibraries libraries, org.hl7.elm.r1.Library elm,
            Map<String, ValueSet> valueSets) {
        VersionedIdentifier id = elm.getIdentifier();
        String cql = cqlSource(id);
        Library library = new Library();
        library.setId(id.getId());
        library.setUrl(Canonicals.library(id.getId()));
        library.setVersion(id.getVersion());
        library.setName(id.getId());
        library.setStatus(PublicationStatus.ACTIVE);
        library.setPublisher(Canonicals.FHIR_HELPERS.equals(id.getId()) ? "HL7 International" : "spinecds");
        library.setType(new CodeableConcept(new Coding(LIBRARY_TYPE, "logic-library", "Logic Library")));
        library.setDescription(headerComment(cql));
        library.addContent().setContentType(CQL).setData(cql.getBytes(StandardCharsets.UTF_8));
        library.addContent().setContentType(ElmLibraries.ELM_JSON)
                .setData(ElmLibraries.elmJson(id).getBytes(StandardCharsets.UTF_8));
        if (elm.getIncludes() != null) {
            for (IncludeDef include : elm.getIncludes().getDef()) {
                library.addRelatedArtifact().setType(RelatedArtifactType.DEPENDSON).setDisplay(include.getPath())
                        .setResource(Canonicals.versioned(Canonicals.library(include.getPath()), include.getVersion()));
            }
        }
        if (elm.getValueSets() != null) {
            for (ValueSetDef valueSet : elm.getValueSets().getDef()) {
                library.addRelatedArtifact().setType(RelatedArtifactType.DEPENDSON).setDisplay(valueSet.getName())
                        .setResource(valueSet.getId());
            }
        }
        library.setCopyright(copyright(libraries, elm, valueSets));
        return library;
    }

    /** What the library reads when it runs: the code systems of its and its includes' value sets and codes. */
    private static String copyright(ElmLibraries libraries, org.hl7.elm.r1.Library elm,
            Map<String, ValueSet> valueSets) {
        Set<String> systems = new TreeSet<>();
        List<String> dates = new ArrayList<>();
        boolean fromVsac = false;
        for (org.hl7.elm.r1.Library used : withIncludes(libraries, elm)) {
            if (used.getCodeSystems() != null) {
                used.getCodeSystems().getDef().stream().map(CodeSystemDef::getId).forEach(systems::add);
            }
            if (used.getValueSets() != null) {
                for (ValueSetDef def : used.getValueSets().getDef()) {
                    ValueSet valueSet = valueSets.get(def.getId());
                    systems.addAll(ValueSetArtifacts.systems(valueSet));
                    fromVsac |= ValueSetArtifacts.fromVsac(valueSet);
                    dates.add(ValueSetArtifacts.expansionDate(valueSet));
                }
            }
        }
        return TerminologyLicences.copyright(systems, fromVsac, dates);
    }

    private static List<org.hl7.elm.r1.Library> withIncludes(ElmLibraries libraries, org.hl7.elm.r1.Library elm) {
        Set<String> seen = new LinkedHashSet<>();
        List<org.hl7.elm.r1.Library> all = new ArrayList<>();
        List<org.hl7.elm.r1.Library> pending = new ArrayList<>(List.of(elm));
        while (!pending.isEmpty()) {
            org.hl7.elm.r1.Library next = pending.remove(pending.size() - 1);
            if (seen.add(next.getIdentifier().getId())) {
                all.add(next);
                if (next.getIncludes() != null) {
                    next.getIncludes().getDef().forEach(include -> pending.add(libraries.require(include.getPath())));
                }
            }
        }
        return all;
    }

    /**
     * The CQL the ELM was compiled from: this project's libraries from {@code cql/}, FHIRHelpers from the cqframework
     * jar the compiler took it from.
     */
    private static String cqlSource(VersionedIdentifier id) {
        String resource = Canonicals.FHIR_HELPERS.equals(id.getId())
                ? "org/hl7/fhir/" + id.getId() + "-" + id.getVersion() + ".cql"
                : "cql/" + id.getId() + ".cql";
        try (InputStream in = LibraryArtifacts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The CQL source " + resource + " of library " + id.getId()
                        + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The library's opening block comment (its plain-English When/Then), without the comment markers. */
    static String headerComment(String cql) {
        String text = cql.stripLeading();
        if (!text.startsWith("/*") || !text.contains("*/")) {
            return null;
        }
        return text.substring(2, text.indexOf("*/")).lines()
                .map(line -> line.replaceFirst("^\\s*\\*\\s?", ""))
                .reduce((a, b) -> a + "\n" + b).orElse("").strip();
    }
}
