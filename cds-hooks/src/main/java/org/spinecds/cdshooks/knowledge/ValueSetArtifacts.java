package org.spinecds.cdshooks.knowledge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.r4.model.ValueSet;
import org.spinecds.cql.terminology.InMemoryTerminologyProvider;

import ca.uhn.fhir.context.FhirContext;

/**
 * The ValueSets the CQL declares, read from the very files the terminology provider answers membership from, with a
 * copyright that names every code system of the expansion, its terms and the expansion's date.
 */
final class ValueSetArtifacts {

    private ValueSetArtifacts() {
    }

    /** By canonical URL, in the order given. */
    static Map<String, ValueSet> build(FhirContext fhirContext, Collection<String> urls) {
        Map<String, ValueSet> byUrl = new LinkedHashMap<>();
        for (String url : urls) {
            ValueSet valueSet = InMemoryTerminologyProvider.bundledValueSet(fhirContext, url);
            valueSet.setCopyright(TerminologyLicences.copyright(systems(valueSet), fromVsac(valueSet),
                    List.of(expansionDate(valueSet))));
            byUrl.put(url, valueSet);
        }
        return byUrl;
    }

    static Set<String> systems(ValueSet valueSet) {
        Set<String> systems = new TreeSet<>();
        valueSet.getExpansion().getContains().forEach(code -> systems.add(code.getSystem()));
        return systems;
    }

    /** The generator states in the file's copyright when codes were copied from VSAC expansions. */
    static boolean fromVsac(ValueSet valueSet) {
        return valueSet.hasCopyright() && valueSet.getCopyright().contains("VSAC");
    }

    /** The expansion's timestamp as written in the file, or {@code null} when it carries none. */
    static String expansionDate(ValueSet valueSet) {
        return valueSet.getExpansion().hasTimestamp() ? valueSet.getExpansion().getTimestampElement().getValueAsString()
                : null;
    }
}
