package org.spinecds.cql.terminology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.ValueSet;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.terminology.CodeSystemInfo;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

import ca.uhn.fhir.context.FhirContext;

/**
 * Answers value-set membership from the expanded ValueSets bundled with the service: no terminology server is
 * called at run time. Membership is by code system and code; versions and displays are ignored, since EHRs send
 * the same code under other displays and releases. Immutable once built, so safe to share between threads.
 */
public final class InMemoryTerminologyProvider implements TerminologyProvider {

    private static final String CLASSPATH_FOLDER = "cql/valueset/";

    private final Map<String, Set<SystemAndCode>> membersByUrl;
    private final Map<String, List<Code>> expansionsByUrl;
    private final Map<SystemAndCode, Set<String>> urlsByMember;

    private InMemoryTerminologyProvider(Map<String, Set<SystemAndCode>> members, Map<String, List<Code>> expansions) {
        this.membersByUrl = Map.copyOf(members);
        this.expansionsByUrl = Map.copyOf(expansions);
        Map<SystemAndCode, Set<String>> urls = new HashMap<>();
        members.forEach((url, codes) -> codes.forEach(code -> urls.computeIfAbsent(code, c -> new HashSet<>()).add(url)));
        urls.replaceAll((code, valueSets) -> Set.copyOf(valueSets));
        this.urlsByMember = Map.copyOf(urls);
    }

    /**
     * Loads the bundled ValueSet for each canonical URL. A URL without a bundled file fails here, at start-up,
     * rather than silently matching nothing at request time.
     */
    public static InMemoryTerminologyProvider loadFromClasspath(FhirContext fhirContext, Collection<String> valueSetUrls) {
        Map<String, Set<SystemAndCode>> members = new HashMap<>();
        Map<String, List<Code>> expansions = new HashMap<>();
        for (String url : valueSetUrls) {
            ValueSet valueSet = bundledValueSet(fhirContext, url);
            List<Code> codes = valueSet.getExpansion().getContains().stream()
                    .map(c -> new Code().withSystem(c.getSystem()).withCode(c.getCode()).withDisplay(c.getDisplay()))
                    .toList();
            if (codes.isEmpty()) {
                throw new IllegalStateException("ValueSet " + url + " has an empty expansion");
            }
            Set<SystemAndCode> index = new HashSet<>();
            codes.forEach(c -> index.add(new SystemAndCode(c.getSystem(), c.getCode())));
            members.put(url, index);
            expansions.put(url, codes);
        }
        return new InMemoryTerminologyProvider(members, expansions);
    }

    /** The bundled ValueSet file of a canonical URL, checked to carry that URL. */
    public static ValueSet bundledValueSet(FhirContext fhirContext, String url) {
        String resource = CLASSPATH_FOLDER + "ValueSet-" + url.substring(url.lastIndexOf('/') + 1) + ".json";
        try (InputStream in = InMemoryTerminologyProvider.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No bundled ValueSet for " + url + " (expected " + resource + ")");
            }
            ValueSet valueSet = fhirContext.newJsonParser().parseResource(ValueSet.class, in);
            if (!url.equals(valueSet.getUrl())) {
                throw new IllegalStateException(resource + " has url " + valueSet.getUrl() + ", expected " + url);
            }
            return valueSet;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean in(Code code, ValueSetInfo valueSet) {
        return members(valueSet).contains(new SystemAndCode(code.getSystem(), code.getCode()));
    }

    /**
     * The canonical URLs of the bundled value sets that hold this code (empty when none does): a record's codes are
     * looked up once, however many value sets the rules retrieve it by.
     */
    public Set<String> valueSetsContaining(String system, String code) {
        return urlsByMember.getOrDefault(new SystemAndCode(system, code), Set.of());
    }

    /** Only bundled value sets can be asked about: another fails loudly rather than matching nothing. */
    public void requireBundled(String valueSetUrl) {
        if (!membersByUrl.containsKey(valueSetUrl)) {
            throw new IllegalArgumentException("Value set " + valueSetUrl + " is not bundled with the service");
        }
    }

    @Override
    public Iterable<Code> expand(ValueSetInfo valueSet) {
        members(valueSet);
        return expansionsByUrl.get(valueSet.getId());
    }

    @Override
    public Code lookup(Code code, CodeSystemInfo codeSystem) {
        return code;
    }

    private Set<SystemAndCode> members(ValueSetInfo valueSet) {
        requireBundled(valueSet.getId());
        return membersByUrl.get(valueSet.getId());
    }

    private record SystemAndCode(String system, String code) {
    }
}
