package org.spinecds.cql.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * Serves CQL retrieves from one request's {@link PatientData}: by type, by patient context and by code or value
 * set. The engine does not filter again what a retrieve returns, so every filter it asks for is applied here.
 * One instance serves one request: it remembers which resources belong to the patient and each resource's codes,
 * since the libraries retrieve the same types many times with different value sets.
 */
public final class InMemoryRetrieveProvider extends TerminologyAwareRetrieveProvider {

    private final PatientData data;
    private final ModelResolver modelResolver;
    private final Map<String, List<IBaseResource>> inContextByType = new HashMap<>();
    private final Map<String, Map<IBaseResource, List<Coding>>> codingsByPath = new HashMap<>();

    public InMemoryRetrieveProvider(PatientData data, ModelResolver modelResolver) {
        this.data = data;
        this.modelResolver = modelResolver;
    }

    @Override
    public Iterable<Object> retrieve(String context, String contextPath, Object contextValue, String dataType,
            String templateId, String codePath, Iterable<Code> codes, String valueSet, String datePath,
            String dateLowPath, String dateHighPath, Interval dateRange) {
        if (dateRange != null) {
            // The libraries apply look-backs in CQL; a date-filtered retrieve would be silently ignored otherwise.
            throw new IllegalArgumentException("Date-filtered retrieves are not supported (" + dataType + ")");
        }
        List<Object> matches = new ArrayList<>();
        for (IBaseResource resource : inContext(dataType, contextPath, contextValue)) {
            if (hasCode(resource, codePath, codes, valueSet)) {
                matches.add(resource);
            }
        }
        return matches;
    }

    private List<IBaseResource> inContext(String dataType, String contextPath, Object contextValue) {
        String key = dataType + "|" + contextPath + "|" + contextValue;
        return inContextByType.computeIfAbsent(key, k -> data.ofType(dataType).stream()
                .filter(resource -> belongsToContext(resource, contextPath, contextValue))
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

    private boolean hasCode(IBaseResource resource, String codePath, Iterable<Code> codes, String valueSet) {
        if (codePath == null || (codes == null && valueSet == null)) {
            return true;
        }
        List<Coding> codings = codingsByPath.computeIfAbsent(codePath, p -> new IdentityHashMap<>())
                .computeIfAbsent(resource, r -> codings(modelResolver.resolvePath(r, codePath)));
        for (Coding coding : codings) {
            if (matches(coding, codes, valueSet)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(Coding coding, Iterable<Code> codes, String valueSet) {
        if (codes != null) {
            for (Code code : codes) {
                if (code.getCode().equals(coding.getCode()) && code.getSystem().equals(coding.getSystem())) {
                    return true;
                }
            }
        }
        // getSystem()/getCode() rather than hasSystem()/hasCode(), which allocate on every call: a blank system or
        // code is in no value set anyway.
        String system = coding.getSystem();
        String codeValue = coding.getCode();
        if (valueSet != null && system != null && codeValue != null) {
            Code code = new Code().withSystem(system).withCode(codeValue);
            return getTerminologyProvider().in(code, new ValueSetInfo().withId(valueSet));
        }
        return false;
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
