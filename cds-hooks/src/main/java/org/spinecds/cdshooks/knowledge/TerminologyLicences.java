package org.spinecds.cdshooks.knowledge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which code systems an artifact includes and under what terms (the README's "Terminology licences" table says the
 * same). A ValueSet or Library that includes a code system not listed here stops the start: no artifact is published
 * without its terms.
 */
public final class TerminologyLicences {

    /** A code system's name and the terms its content is used under. */
    public record Licence(String name, String terms) {
    }

    static final String VSAC_TERMS = "Some codes were copied from value set expansions published by the NLM Value Set"
            + " Authority Center (VSAC) for development; VSAC content is used under the NLM UMLS licence"
            + " (https://uts.nlm.nih.gov/uts/), which production use requires, with a fresh expansion from VSAC.";

    private static final Map<String, Licence> BY_SYSTEM = licences();

    private TerminologyLicences() {
    }

    private static Map<String, Licence> licences() {
        Map<String, Licence> licences = new LinkedHashMap<>();
        licences.put("http://snomed.info/sct", new Licence("SNOMED CT", "used under licence from SNOMED International:"
                + " free in member countries through their national release centre (in the US, the NLM UMLS licence);"
                + " elsewhere a SNOMED International affiliate licence is required"));
        licences.put("http://loinc.org", new Licence("LOINC", "copyright Regenstrief Institute, Inc., available at no"
                + " cost under the LOINC licence (https://loinc.org/license/)"));
        licences.put("http://www.nlm.nih.gov/research/umls/rxnorm", new Licence("RxNorm", "produced by the US National"
                + " Library of Medicine, free to use; content from some of its sources is under the UMLS licence terms"));
        licences.put("http://hl7.org/fhir/sid/icd-10-cm", new Licence("ICD-10-CM", "public domain, published by the US"
                + " CDC National Center for Health Statistics"));
        licences.put("http://terminology.hl7.org/CodeSystem/icd9cm", new Licence("ICD-9-CM", "public domain, published"
                + " by the US CDC National Center for Health Statistics"));
        Licence hl7 = new Licence("HL7 Terminology", "published by HL7 International in HL7 Terminology"
                + " (terminology.hl7.org), free to use");
        licences.put("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", hl7);
        licences.put("http://terminology.hl7.org/CodeSystem/v3-NullFlavor", hl7);
        return Map.copyOf(licences);
    }

    /** The terms of a code system; an unknown one is a gap in this table and fails loudly. */
    public static Licence of(String system) {
        Licence licence = BY_SYSTEM.get(system);
        if (licence == null) {
            throw new IllegalStateException("No licence terms are recorded for the code system " + system
                    + " (TerminologyLicences): add them before publishing content that includes it");
        }
        return licence;
    }

    /** Every code system whose terms are known, with its terms. */
    public static Map<String, Licence> all() {
        return BY_SYSTEM;
    }

    /**
     * The copyright statement of an artifact: each code system it includes with its terms, VSAC when any of its codes
     * came from there, and the dates of the expansions it uses ({@code null} for an expansion without a date).
     */
    static String copyright(Collection<String> systems, boolean fromVsac, Collection<String> expansionDates) {
        StringBuilder text = new StringBuilder();
        if (systems.isEmpty()) {
            text.append("Includes no codes of external code systems.");
        } else {
            text.append("Includes codes of: ").append(new TreeSet<>(systems).stream()
                    .map(system -> of(system).name() + " (" + system + "), " + of(system).terms())
                    .collect(Collectors.joining("; "))).append('.');
        }
        if (fromVsac) {
            text.append(' ').append(VSAC_TERMS);
        }
        if (!expansionDates.isEmpty()) {
            Set<String> dates = new TreeSet<>();
            expansionDates.forEach(date -> dates.add(date == null ? "not recorded" : date));
            text.append(" Value set expansion date: ").append(String.join(", ", dates)).append('.');
        }
        return text.toString();
    }
}
