package org.spinecds.cql.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.cql.engine.retrieve.TerminologyAwareRetrieveProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.spinecds.cql.terminology.InMemoryTerminologyProvider;

/**
 * Serves CQL retrieves from one request's {@link PatientData}: by type, by patient context and by code or value
 * set. The engine does not filter again what a retrieve returns, so every filter it asks for is applied here.
 * One instance serves one request: it remembers which resources belong to the patient and, per resource, its codes
 * and the value sets they are in, since the libraries retrieve the same types many times with different value sets.
 * A value-set retrieve is answered from an index of those value sets, built on the first such retrieve of a type:
 * 65 of the 74 retrieves of a 50-resource call are such, and each went through every record of its type.
 */
public final class InMemoryRetrieveProvider extends TerminologyAwareRetrieveProvider {

    private final PatientData data;
    private final ModelResolver modelResolver;
    private final InMemoryTerminologyProvider terminology;
    private final Map<ContextKey, List<IBaseResource>> inContextByType = new HashMap<>();
    private final Map<String, Map<IBaseResource, RecordCodes>> codesByPath = new HashMap<>();
    private final Map<IndexKey, Map<String, List<Object>>> byValueSet = new HashMap<>();

    public InMemoryRetrieveProvider(PatientData data, ModelResolver modelResolver,
            InMemoryTerminologyProvider terminology) {
        this.data = data;
        this.modelResolver = modelResolver;
        this.terminology = terminology;
        setTerminologyProvider(terminology);
    }

    private record ContextKey(String dataType, String contextPath, Object contextValue) {
    }

    private record IndexKey(ContextKey context, String codePath) {
    }

    /** A resource's codings at one code path, and every bundled value set any of them is in. */
    private record RecordCodes(List<Coding> codings, Set<String> valueSets) {

        static RecordCodes of(List<Coding> codings, InMemoryTerminologyProvider terminology) {
            Set<String> valueSets = Set.of();
            for (Coding coding : codings) {
                // getSystem()/getCode() rather than hasSystem()/hasCode(), which allocate: a blank one is in no set.
                if (coding.getSystem() != null && coding.getCode() != null) {
                    valueSets = union(valueSets, terminology.valueSetsContaining(coding.getSystem(), coding.getCode()));
                }
            }
            return new RecordCodes(codings, valueSets);
        }

        private static Set<String> union(Set<String> some, Set<String> more) {
            if (some.isEmpty() || more.isEmpty()) {
                return some.isEmpty() ? more : some;
            }
            Set<String> all = new HashSet<>(some);
            all.addAll(more);
            return all;
        }

        boolean hasAny(Iterable<Code> codes) {
            for (Coding coding : codings) {
                for (Code code : codes) {
                    if (code.getCode().equals(coding.getCode()) && code.getSystem().equals(coding.getSystem())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    @Override
    public Iterable<Object> retrieve(String context, String contextPath, Object contextValue, String dataType,
            String templateId, String codePath, Iterable<Code> codes, String valueSet, String datePath,
            String dateLowPath, String dateHighPath, Interval dateRange) {
        if (dateRange != null) {
            // The libraries apply look-backs in CQL; a date-filtered retrieve would be silently ignored otherwise.
            throw new IllegalArgumentException("Date-filtered retrieves are not supported (" + dataType + ")");
        }
        if (valueSet != null) {
            terminology.requireBundled(valueSet);
        }
        ContextKey inContext = new ContextKey(dataType, contextPath, contextValue);
        // The engine's retrieve names codes or a value set, never both.
        if (valueSet != null && codePath != null) {
            return inValueSet(inContext, codePath, valueSet);
        }
        List<Object> matches = new ArrayList<>();
        for (IBaseResource resource : records(inContext)) {
            if (hasCode(resource, codePath, codes)) {
                matches.add(resource);
            }
        }
        return matches;
    }

    /** The records in context whose codes at the path are in the value set, in the order the request sent them. */
    private List<Object> inValueSet(ContextKey context, String codePath, String valueSet) {
        Map<String, List<Object>> index = byValueSet.computeIfAbsent(new IndexKey(context, codePath), key -> {
            Map<String, List<Object>> recordsByValueSet = new HashMap<>();
            for (IBaseResource resource : records(context)) {
                for (String set : codes(resource, codePath).valueSets()) {
                    recordsByValueSet.computeIfAbsent(set, s -> new ArrayList<>()).add(resource);
                }
            }
            return recordsByValueSet;
        });
        // Read-only: the same list answers every retrieve of this value set in the request.
        return Collections.unmodifiableList(index.getOrDefault(valueSet, List.of()));
    }

    /** The records of the key's type that belong to its context (the patient), found once per request. */
    private List<IBaseResource> records(ContextKey context) {
        return inContextByType.computeIfAbsent(context, key -> data.ofType(key.dataType()).stream()
                .filter(resource -> belongsToContext(resource, key.contextPath(), key.contextValue()))
                .toList());
    }

    private boolean belongsToContext(IBaseResource resource, String contextPath, Object contextValue) {
        if (contextPath == null || contextValue == null) {
            return true;
        }
        Object reference = modelResolver.resolvePath(resource, contextPath);
        String id = idPart(reference);
        return id != null && id.equals(idPart(contextValue));
    }

    private static String idPart(Object value) {
        if (value instanceof Reference reference) {
            return reference.getReferenceElement().getIdPart();
        }
        if (value instanceof IIdType id) {
            return id.getIdPart();
        }
        if (value instanceof IPrimitiveType<?> primitive) {
            return idPart(primitive.getValueAsString());
        }
        if (value instanceof String text) {
            return text.substring(text.lastIndexOf('/') + 1);
        }
        return null;
    }

    private boolean hasCode(IBaseResource resource, String codePath, Iterable<Code> codes) {
        return codePath == null || codes == null || codes(resource, codePath).hasAny(codes);
    }

    private RecordCodes codes(IBaseResource resource, String codePath) {
        return codesByPath.computeIfAbsent(codePath, path -> new IdentityHashMap<>())
                .computeIfAbsent(resource, r -> RecordCodes.of(codings(modelResolver.resolvePath(r, codePath)),
                        terminology));
    }

    private static List<Coding> codings(Object value) {
        if (value instanceof CodeableConcept concept) {
            return concept.getCoding();
        }
        if (value instanceof Coding coding) {
            return List.of(coding);
        }
        if (value instanceof Iterable<?> values) {
            List<Coding> all = new ArrayList<>();
            values.forEach(v -> all.addAll(codings(v)));
            return all;
        }
        return List.of();
    }
}
