package org.spinecds.cdshooks.knowledge;

import java.util.Locale;

/**
 * Canonical URLs and names of the knowledge artifacts. The base is the one the CQL already declares its value sets
 * under ({@code http://spinecds.org/fhir/ValueSet/...}) and the catalogue its code systems, so that every artifact
 * of the service lives under one base: {@code http://spinecds.org/fhir/<ResourceType>/<id>}.
 */
public final class Canonicals {

    public static final String BASE = "http://spinecds.org/fhir/";
    /** FHIRHelpers is HL7's library, published unmodified under its own canonical. */
    static final String HL7_LIBRARY_BASE = "http://hl7.org/fhir/Library/";
    static final String FHIR_HELPERS = "FHIRHelpers";

    private Canonicals() {
    }

    public static String of(String resourceType, String id) {
        return BASE + resourceType + "/" + id;
    }

    /** The canonical of a CQL library by its name. */
    public static String library(String name) {
        return FHIR_HELPERS.equals(name) ? HL7_LIBRARY_BASE + name : of("Library", name);
    }

    /** {@code url|version}, the form a canonical reference to one version takes. */
    public static String versioned(String url, String version) {
        return url + "|" + version;
    }

    /** A computer-friendly name (FHIR {@code name}): the words of a text, each capitalised, letters and digits only. */
    static String pascalCase(String text) {
        StringBuilder name = new StringBuilder();
        for (String word : text.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }

    /** A FHIR id from a text: lower-case words joined by hyphens, cut at a word boundary to fit 64 characters. */
    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        while (slug.length() > 64) {
            slug = slug.substring(0, slug.lastIndexOf('-'));
        }
        return slug;
    }
}
