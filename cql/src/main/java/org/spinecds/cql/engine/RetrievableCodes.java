package org.spinecds.cql.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cqframework.cql.elm.visiting.BaseElmLibraryVisitor;
import org.hl7.elm.r1.CodeDef;
import org.hl7.elm.r1.CodeRef;
import org.hl7.elm.r1.CodeSystemDef;
import org.hl7.elm.r1.Expression;
import org.hl7.elm.r1.IncludeDef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.Retrieve;
import org.hl7.elm.r1.ToList;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.ValueSetRef;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * Which codes the loaded rules can retrieve, per resource type: a resource of a type the rules only ever retrieve by
 * {@code code} from a value set or a code they name can only be read by them if one of its codes is among those.
 * A type retrieved in any other way (all of them, by a computed code, by another property) is "every resource".
 * Read from the ELM once at start-up; immutable, so safe to share.
 */
public final class RetrievableCodes {

    private static final String CODE_PROPERTY = "code";

    // Type, then code system, then codes: looked up for every coding of a large record, so without building keys.
    private final Map<String, Map<String, Set<String>>> codesByType;

    private RetrievableCodes(Map<String, Map<String, Set<String>>> codesByType) {
        this.codesByType = codesByType;
    }

    public static RetrievableCodes of(ElmLibraries libraries, TerminologyProvider terminology) {
        Map<String, Map<String, Set<String>>> codes = new HashMap<>();
        Set<String> every = new HashSet<>();
        for (String name : libraries.names()) {
            Library library = libraries.require(name);
            new BaseElmLibraryVisitor<Void, Void>() {
                @Override
                public Void visitRetrieve(Retrieve retrieve, Void context) {
                    String type = retrieve.getDataType().getLocalPart();
                    Optional<Map<String, Set<String>>> named = CODE_PROPERTY.equals(retrieve.getCodeProperty())
                            ? namedCodes(retrieve.getCodes(), library, libraries, terminology)
                            : Optional.empty();
                    named.ifPresentOrElse(found -> found.forEach((system, systemCodes) -> codes
                            .computeIfAbsent(type, t -> new HashMap<>())
                            .computeIfAbsent(system, c -> new HashSet<>()).addAll(systemCodes)),
                            () -> every.add(type));
                    return super.visitRetrieve(retrieve, context);
                }
            }.visitLibrary(library, null);
        }
        every.forEach(codes::remove);
        Map<String, Map<String, Set<String>>> frozen = new HashMap<>();
        codes.forEach((type, bySystem) -> {
            Map<String, Set<String>> systems = new HashMap<>();
            bySystem.forEach((system, systemCodes) -> systems.put(system, Set.copyOf(systemCodes)));
            frozen.put(type, Map.copyOf(systems));
        });
        return new RetrievableCodes(Map.copyOf(frozen));
    }

    /** Whether the rules retrieve resources of this type only by the codes of {@link #mayRetrieve}. */
    public boolean retrievesByCodeOnly(String resourceType) {
        return codesByType.containsKey(resourceType);
    }

    /** Whether a resource of this type carrying this code (exactly, as the retrieve compares) may be retrieved. */
    public boolean mayRetrieve(String resourceType, String system, String code) {
        Map<String, Set<String>> systems = codesByType.get(resourceType);
        if (systems == null) {
            return true;
        }
        Set<String> codes = systems.get(system);
        return codes != null && codes.contains(code);
    }

    /** The codes of a value set or code reference by system, or empty when they are only known at run time. */
    private static Optional<Map<String, Set<String>>> namedCodes(Expression codes, Library library,
            ElmLibraries libraries, TerminologyProvider terminology) {
        Map<String, Set<String>> keys = new HashMap<>();
        if (codes instanceof ValueSetRef reference) {
            ValueSetDef valueSet = declaring(library, reference.getLibraryName(), libraries).getValueSets().getDef()
                    .stream().filter(def -> def.getName().equals(reference.getName())).findFirst().orElseThrow();
            for (Code code : terminology.expand(new ValueSetInfo().withId(valueSet.getId()))) {
                keys.computeIfAbsent(code.getSystem(), c -> new HashSet<>()).add(code.getCode());
            }
            return Optional.of(keys);
        }
        if (codes instanceof ToList list && list.getOperand() instanceof CodeRef reference) {
            Library declaring = declaring(library, reference.getLibraryName(), libraries);
            CodeDef code = declaring.getCodes().getDef().stream()
                    .filter(def -> def.getName().equals(reference.getName())).findFirst().orElseThrow();
            CodeSystemDef system = declaring.getCodeSystems().getDef().stream()
                    .filter(def -> def.getName().equals(code.getCodeSystem().getName())).findFirst().orElseThrow();
            keys.computeIfAbsent(system.getId(), c -> new HashSet<>()).add(code.getId());
            return Optional.of(keys);
        }
        return Optional.empty();
    }

    private static Library declaring(Library library, String alias, ElmLibraries libraries) {
        if (alias == null) {
            return library;
        }
        IncludeDef include = library.getIncludes().getDef().stream()
                .filter(def -> def.getLocalIdentifier().equals(alias)).findFirst().orElseThrow();
        return libraries.require(include.getPath());
    }
}
