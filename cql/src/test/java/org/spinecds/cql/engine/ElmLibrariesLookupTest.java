package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.visiting.BaseElmLibraryVisitor;
import org.hl7.elm.r1.FunctionRef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.VersionedIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the engine looks up on every call is found without walking the ELM, and is found exactly as the stock
 * library manager and ELM classes would find it.
 */
class ElmLibrariesLookupTest {

    private static ElmLibraries libraries;

    @BeforeAll
    static void load() {
        libraries = ElmLibraries.loadFromClasspath();
    }

    @Test
    void everyFunctionCallIsKeyedByItsNode() {
        List<FunctionRef> calls = new ArrayList<>();
        for (String name : libraries.names()) {
            new BaseElmLibraryVisitor<Void, List<FunctionRef>>() {
                @Override
                public Void visitFunctionRef(FunctionRef call, List<FunctionRef> found) {
                    found.add(call);
                    return super.visitFunctionRef(call, found);
                }
            }.visitLibrary(libraries.require(name), calls);
        }
        assertThat(calls).hasSizeGreaterThan(100).allMatch(call -> call instanceof NodeKeyedFunctionRef);
        FunctionRef call = calls.get(0);
        FunctionRef lookAlike = new NodeKeyedFunctionRef();
        lookAlike.setName(call.getName());
        lookAlike.setLibraryName(call.getLibraryName());
        lookAlike.getOperand().addAll(call.getOperand());
        lookAlike.getSignature().addAll(call.getSignature());
        assertThat(lookAlike).isNotEqualTo(call);
        assertThat(call).isEqualTo(call);
    }

    @Test
    void libraryIdentifiersHashAndCompareAsTheEngineBuildsThem() {
        Library library = libraries.require("BackRedFlags");
        VersionedIdentifier engineBuilt = new VersionedIdentifier()
                .withId(library.getIdentifier().getId()).withVersion(library.getIdentifier().getVersion());
        assertThat(library.getIdentifier()).isInstanceOf(HashOnceVersionedIdentifier.class)
                .isEqualTo(engineBuilt).hasSameHashCodeAs(engineBuilt);
        VersionedIdentifier otherVersion = new VersionedIdentifier().withId("BackRedFlags").withVersion("0.2.0");
        assertThat(library.getIdentifier()).isNotEqualTo(otherVersion);
    }

    @Test
    void findsAnIncludedLibraryByNameAndVersion() {
        LibraryManager manager = libraries.libraryManager();
        Library included = libraries.require("FHIRHelpers");
        VersionedIdentifier asIncluded = new VersionedIdentifier().withId("FHIRHelpers").withVersion("4.0.1");
        assertThat(manager.resolveLibrary(asIncluded).getLibrary()).isSameAs(included);
        List<CqlCompilerException> errors = new ArrayList<>();
        assertThat(manager.resolveLibrary(asIncluded, errors).getLibrary()).isSameAs(included);
        assertThat(errors).isEmpty();
        assertThat(manager.resolveLibrary(asIncluded, LibraryManager.CacheMode.READ_ONLY).getLibrary())
                .isSameAs(included);
        assertThat(manager.resolveLibraries(List.of(asIncluded, new VersionedIdentifier().withId("BackCommon")))
                .allResults()).extracting(result -> result.compiledLibrary().getLibrary())
                .containsExactly(included, libraries.require("BackCommon"));
    }

    @Test
    void aVersionThatIsNotLoadedIsNotServedInItsPlace() {
        VersionedIdentifier otherVersion = new VersionedIdentifier().withId("FHIRHelpers").withVersion("3.0.0");
        assertThat(libraries.libraryManager().resolveLibraries(List.of(otherVersion)).allResults())
                .allMatch(result -> result.compiledLibrary() == null || !result.errors().isEmpty()
                        || result.compiledLibrary().getLibrary() != libraries.require("FHIRHelpers"));
        List<CompiledLibrary> served = new ArrayList<>();
        Throwable refused = catchThrowable(() -> served.add(
                libraries.libraryManager().resolveLibrary(otherVersion, new ArrayList<CqlCompilerException>())));
        assertThat(refused != null || served.get(0) == null
                || served.get(0).getLibrary() != libraries.require("FHIRHelpers")).isTrue();
    }
}
