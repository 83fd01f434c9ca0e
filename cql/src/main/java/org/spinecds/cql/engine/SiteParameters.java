package org.spinecds.cql.engine;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.NamedTypeSpecifier;
import org.hl7.elm.r1.ParameterDef;
import org.opencds.cqf.cql.engine.runtime.Quantity;

/**
 * A site's values for the rules' thresholds and look-backs (Decision 14): every {@code parameter} the libraries
 * declare with a single value (a decimal, an integer, a duration such as {@code 12 weeks}, a boolean), except those
 * the service sets for each request. Read once at start-up; an unknown name or a value of the wrong type stops the
 * start with a message that says which and why, rather than a rule silently running on its default. Configuration
 * names them in kebab case ({@code "Severe Pain Threshold"} is {@code severe-pain-threshold}): property files and
 * environment variables cannot carry the spaces of a CQL name.
 */
public final class SiteParameters {

    /** Set by the service for every request, never by a site. */
    private static final Set<String> PER_REQUEST = Set.of("Unavailable Data", "Judges Draft Orders", "Judged Order Ids");
    private static final Pattern DURATION =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(year|month|week|day|hour|minute)s?", Pattern.CASE_INSENSITIVE);

    private SiteParameters() {
    }

    /**
     * The values as the engine takes them, by CQL parameter name, from values by kebab-case name; throws with a clear
     * message on a wrong entry.
     */
    public static Map<String, Object> parse(ElmLibraries libraries, Map<String, String> values) {
        Map<String, String> types = configurable(libraries);
        Map<String, String> byKey = new TreeMap<>();
        types.keySet().forEach(name -> byKey.put(key(name), name));
        Map<String, Object> parsed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            String name = byKey.get(key);
            if (name == null) {
                throw new IllegalArgumentException("spinecds.rules.parameters: '" + key + "' is not a site"
                        + " parameter of the rules; they are: " + byKey.keySet());
            }
            parsed.put(name, value(key, types.get(name), value.trim()));
        });
        return parsed;
    }

    /** The configuration key of a CQL parameter: "eGFR Look-back" is egfr-look-back. */
    public static String key(String parameterName) {
        return parameterName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** Every site-configurable parameter and its type, in name order (for discovery and the error message). */
    public static Map<String, String> configurable(ElmLibraries libraries) {
        Map<String, String> types = new TreeMap<>();
        for (String name : libraries.names()) {
            Library library = libraries.require(name);
            if (library.getParameters() == null) {
                continue;
            }
            for (ParameterDef parameter : library.getParameters().getDef()) {
                if (!PER_REQUEST.contains(parameter.getName())
                        && parameter.getParameterTypeSpecifier() instanceof NamedTypeSpecifier named) {
                    types.put(parameter.getName(), named.getName().getLocalPart());
                }
            }
        }
        return types;
    }

    private static Object value(String name, String type, String value) {
        try {
            return switch (type) {
                case "Decimal" -> new BigDecimal(value);
                case "Integer" -> Integer.valueOf(value);
                case "Boolean" -> booleanValue(value);
                case "Quantity" -> duration(value);
                default -> throw new IllegalArgumentException("type " + type + " cannot be set by a site");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spinecds.rules.parameters: '" + name + "' needs a " + describe(type)
                    + ", not '" + value + "'", e);
        }
    }

    private static Boolean booleanValue(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not a boolean");
        }
        return Boolean.valueOf(value);
    }

    // CQL durations: "30 days", "12 weeks", "6 months" (the unit as the CQL literal names it, plural).
    private static Quantity duration(String value) {
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        return new Quantity().withValue(new BigDecimal(matcher.group(1)))
                .withUnit(matcher.group(2).toLowerCase(Locale.ROOT) + "s");
    }

    private static String describe(String type) {
        return switch (type) {
            case "Quantity" -> "duration such as '12 weeks' (years, months, weeks, days, hours, minutes)";
            case "Decimal" -> "number";
            case "Integer" -> "whole number";
            case "Boolean" -> "true or false";
            default -> type;
        };
    }
}
