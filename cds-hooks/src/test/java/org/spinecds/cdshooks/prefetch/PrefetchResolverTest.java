package org.spinecds.cdshooks.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.request.Hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;

class PrefetchResolverTest {

    private static final ObjectMapper JSON = CdsJson.mapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static final String PATIENT_ID = "pat-8812";
    private static final String SERVER = "https://ehr.example/fhir";
    private static final String TOKEN = "opaque-bearer-token";

    private static final PrefetchTemplate PATIENT = PrefetchTemplate.required("patient", "Patient/{{context.patientId}}");
    private static final PrefetchTemplate CONDITIONS =
            PrefetchTemplate.required("conditions", "Condition?patient={{context.patientId}}");
    private static final PrefetchTemplate OBSERVATIONS =
            PrefetchTemplate.optional("observations", "Observation?patient={{context.patientId}}&code=72514-3");
    private static final PrefetchTemplate ENCOUNTER = PrefetchTemplate.optional("encounter",
            "Encounter/{{context.encounterId}}");
    /** The keys a request of this class is read for: the tests then resolve it for some or all of them. */
    private static final List<PrefetchTemplate> EVERY_KEY = List.of(PATIENT, CONDITIONS, OBSERVATIONS, ENCOUNTER);

    // ---------------------------------------------------------------- helpers

    /** Records every call; answers by query, or fails with FhirFetchException for queries marked failing. */
    private static final class FakeFetcher implements FhirFetcher {
        record Call(String fhirServer, String accessToken, String query) {
        }

        final List<Call> calls = new ArrayList<>();
        final Map<String, List<IBaseResource>> answers = new HashMap<>();
        final Set<String> failing = new HashSet<>();

        FakeFetcher answer(String query, IBaseResource... resources) {
            answers.put(query, List.of(resources));
            return this;
        }

        FakeFetcher fail(String query) {
            failing.add(query);
            return this;
        }

        @Override
        public List<IBaseResource> fetch(String fhirServer, String accessToken, String query) {
            calls.add(new Call(fhirServer, accessToken, query));
            if (failing.contains(query)) {
                throw new FhirFetchException("HTTP 503 from the FHIR server", null);
            }
            return answers.getOrDefault(query, List.of());
        }
    }

    private static PrefetchResolver resolver() {
        return new PrefetchResolver(FHIR, Optional.empty());
    }

    private static PrefetchResolver resolver(FhirFetcher fetcher) {
        return new PrefetchResolver(FHIR, Optional.of(new FhirServerFallback(fetcher,
                AllowedFhirServers.of(List.of(SERVER)), Runnable::run, Duration.ofSeconds(5))));
    }

    /** A parsed patient-view request (patientId sent as Patient/…), with the given prefetch object. */
    private static SentRequest request(boolean withServer, Consumer<ObjectNode> prefetch) {
        ObjectNode root = JSON.createObjectNode();
        root.put("hook", "patient-view");
        root.put("hookInstance", "0b8f5e4a-6a71-4d1c-9e83-0f3f7c1d2a55");
        if (withServer) {
            root.put("fhirServer", SERVER);
            ObjectNode auth = root.putObject("fhirAuthorization");
            auth.put("access_token", TOKEN);
            auth.put("token_type", "Bearer");
            auth.put("expires_in", 300);
            auth.put("scope", "patient/*.read");
            auth.put("subject", "spinecds");
        }
        ObjectNode context = root.putObject("context");
        context.put("userId", "Practitioner/doc-1");
        context.put("patientId", "Patient/" + PATIENT_ID);
        prefetch.accept(root.putObject("prefetch"));
        // Every resolver of this class parses every resource: any of them reads the body the same way.
        return resolver().read(new CdsRequestParser(JSON), root.toString().getBytes(StandardCharsets.UTF_8),
                Hook.PATIENT_VIEW, EVERY_KEY);
    }

    private static SentRequest request(Consumer<ObjectNode> prefetch) {
        return request(false, prefetch);
    }

    private static JsonNode json(IBaseResource resource) {
        try {
            return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Patient patient() {
        Patient patient = new Patient();
        patient.setId(PATIENT_ID);
        patient.addName(new HumanName().setFamily("Quill").addGiven("Ada"));
        return patient;
    }

    private static Condition condition(String id, String snomed) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setSubject(new Reference("Patient/" + PATIENT_ID));
        condition.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", snomed, null)));
        return condition;
    }

    private static OperationOutcome operationOutcome() {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.TIMEOUT).setDiagnostics("upstream timed out");
        return outcome;
    }

    private static Bundle searchset(IBaseResource... resources) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(resources.length);
        for (IBaseResource resource : resources) {
            bundle.addEntry().setResource((org.hl7.fhir.r4.model.Resource) resource)
                    .setFullUrl(SERVER + "/" + resource.getIdElement().getValue());
        }
        return bundle;
    }

    private static List<String> ids(ResolvedData data) {
        return data.resources().stream()
                .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
                .toList();
    }

    private static CdsHooksException failure(Runnable resolve) {
        Throwable thrown = catchThrowable(resolve::run);
        assertThat(thrown).isInstanceOf(CdsHooksException.class);
        return (CdsHooksException) thrown;
    }

    // ---------------------------------------------------------------- values the client sent

    @Test
    void keyAnsweredWithNullIsAnsweredWithNoResources() {
        SentRequest request = request(p -> p.putNull("conditions"));
        ResolvedData data = resolver().resolve(request, List.of(CONDITIONS));
        assertThat(data.resources()).isEmpty();
        assertThat(data.unansweredKeys()).isEmpty();
    }

    @Test
    void keyAnsweredWithNullIsNotFetchedEvenWhenAServerIsGiven() {
        FakeFetcher fetcher = new FakeFetcher().answer("Condition?patient=" + PATIENT_ID, condition("c-1", "1"));
        SentRequest request = request(true, p -> {
            p.putNull("conditions");
            p.putNull("observations");
        });
        ResolvedData data = resolver(fetcher).resolve(request, List.of(CONDITIONS, OBSERVATIONS));
        assertThat(fetcher.calls).isEmpty();
        assertThat(data.resources()).isEmpty();
        assertThat(data.unansweredKeys()).isEmpty();
    }

    @Test
    void searchsetBundleGivesItsEntries() {
        SentRequest request = request(p -> p.set("conditions",
                json(searchset(condition("c-1", "278860009"), condition("c-2", "279039007")))));
        ResolvedData data = resolver().resolve(request, List.of(CONDITIONS));
        assertThat(ids(data)).containsExactly("Condition/c-1", "Condition/c-2");
        assertThat(data.resources()).allSatisfy(r -> assertThat(r).isInstanceOf(Condition.class));
    }

    @Test
    void emptySearchsetBundleIsAnsweredWithNoResources() {
        SentRequest request = request(p -> p.set("conditions", json(searchset())));
        ResolvedData data = resolver().resolve(request, List.of(CONDITIONS));
        assertThat(data.resources()).isEmpty();
        assertThat(data.unansweredKeys()).isEmpty();
    }

    @Test
    void singleResourceIsReadAsOneResource() {
        SentRequest request = request(p -> p.set("patient", json(patient())));
        ResolvedData data = resolver().resolve(request, List.of(PATIENT));
        assertThat(ids(data)).containsExactly("Patient/" + PATIENT_ID);
        assertThat(((Patient) data.resources().get(0)).getNameFirstRep().getFamily()).isEqualTo("Quill");
    }

    @Test
    void legacyResourceWrapperIsUnwrapped() {
        SentRequest request = request(p -> p.putObject("patient").set("resource", json(patient())));
        assertThat(ids(resolver().resolve(request, List.of(PATIENT)))).containsExactly("Patient/" + PATIENT_ID);
    }

    @Test
    void legacyResponseAndResourceWrapperIsUnwrapped() {
        SentRequest request = request(p -> {
            ObjectNode wrapper = p.putObject("conditions");
            wrapper.putObject("response").put("status", "200 OK");
            wrapper.set("resource", json(searchset(condition("c-1", "278860009"))));
        });
        assertThat(ids(resolver().resolve(request, List.of(CONDITIONS)))).containsExactly("Condition/c-1");
    }

    @Test
    void unknownElementsInAResourceAreTolerated() {
        SentRequest request = request(p -> {
            ObjectNode patient = (ObjectNode) json(patient());
            patient.put("vendorFlag", true);
            p.set("patient", patient);
        });
        assertThat(ids(resolver().resolve(request, List.of(PATIENT)))).containsExactly("Patient/" + PATIENT_ID);
    }

    @Test
    void narrativesOfResourcesEntriesAndContainedResourcesAreDroppedButCodeTextsKept() {
        Condition condition = condition("c-1", "278860009");
        condition.getCode().setText("Low back pain");
        condition.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Low back pain</div>");
        Patient contained = patient();
        contained.setId("#p1");
        contained.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Ada Quill</div>");
        condition.addContained(contained);
        SentRequest request = request(p -> p.set("conditions", json(searchset(condition))));

        Condition parsed = (Condition) resolver().resolve(request, List.of(CONDITIONS)).resources().get(0);

        assertThat(parsed.hasText()).isFalse();
        assertThat(parsed.getContained()).singleElement()
                .satisfies(resource -> assertThat(((Patient) resource).hasText()).isFalse());
        assertThat(parsed.getCode().getText()).isEqualTo("Low back pain");
    }

    @Test
    void bundleEntriesThatAreOperationOutcomesAreSkipped() {
        Bundle bundle = searchset(condition("c-1", "278860009"));
        bundle.addEntry().setResource(operationOutcome()).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
        bundle.addEntry().setResource(condition("c-2", "279039007"));
        bundle.addEntry().setFullUrl(SERVER + "/Condition/no-resource");
        SentRequest request = request(p -> p.set("conditions", json(bundle)));
        ResolvedData data = resolver().resolve(request, List.of(CONDITIONS));
        assertThat(ids(data)).containsExactly("Condition/c-1", "Condition/c-2");
        assertThat(data.resources()).noneMatch(r -> r instanceof OperationOutcome);
    }

    @Test
    void aBundleWhoseEntriesComeBeforeItsResourceTypeIsReadAlike() {
        JsonNode inOrder = json(searchset(condition("c-1", "278860009"), condition("c-2", "1")));
        ObjectNode entriesFirst = JSON.createObjectNode();
        entriesFirst.set("entry", inOrder.get("entry"));
        entriesFirst.put("type", "searchset").put("resourceType", "Bundle");

        List<String> streamed = ids(resolver().resolve(request(p -> p.set("conditions", inOrder)), List.of(CONDITIONS)));
        List<String> readWhole = ids(resolver().resolve(request(p -> p.set("conditions", entriesFirst)),
                List.of(CONDITIONS)));

        assertThat(streamed).containsExactly("Condition/c-1", "Condition/c-2");
        assertThat(readWhole).isEqualTo(streamed);
    }

    @Test
    void theRequestsOwnFieldsAreCheckedBeforeItsPrefetch() {
        String body = """
                {"prefetch": {"conditions": {"resourceType": "Bundle", "entry": [{"resource": "Condition/c-2"}]}},
                 "hook": "order-sign", "hookInstance": "0b8f5e4a", "context": {"userId": "Practitioner/doc-1",
                 "patientId": "p1"}}""";
        CdsHooksException e = failure(() -> resolver().read(new CdsRequestParser(JSON),
                body.getBytes(StandardCharsets.UTF_8), Hook.PATIENT_VIEW, EVERY_KEY));
        assertThat(e.getMessage()).contains("'order-sign'").doesNotContain("conditions");
    }

    @Test
    void anEntrysFullUrlBecomesItsResourcesIdKeepingTheVersion() {
        Condition versioned = condition("c-1", "278860009");
        versioned.getMeta().setVersionId("3");
        Condition unidentified = condition("c-2", "279039007");
        unidentified.setId((String) null);
        Bundle bundle = searchset();
        bundle.addEntry().setResource(versioned).setFullUrl(SERVER + "/Condition/c-1");
        bundle.addEntry().setResource(unidentified).setFullUrl("urn:uuid:6f1c2a52-3bf5-4a52-9a8e-54e1f8c0b0a1");
        SentRequest request = request(p -> p.set("conditions", json(bundle)));

        List<String> ids = resolver().resolve(request, List.of(CONDITIONS)).resources().stream()
                .map(resource -> resource.getIdElement().getValue()).toList();

        assertThat(ids).containsExactly(SERVER + "/Condition/c-1/_history/3",
                "urn:uuid:6f1c2a52-3bf5-4a52-9a8e-54e1f8c0b0a1");
    }

    @Test
    void resourcesOfSeveralKeysAreGatheredInTemplateOrder() {
        Observation pain = new Observation();
        pain.setId("o-1");
        pain.setStatus(Observation.ObservationStatus.FINAL);
        pain.setCode(new CodeableConcept(new Coding("http://loinc.org", "72514-3", null)));
        SentRequest request = request(p -> {
            p.set("observations", json(searchset(pain)));
            p.set("conditions", json(searchset(condition("c-1", "278860009"))));
            p.set("patient", json(patient()));
            p.set("notInTheService", json(searchset(condition("c-9", "1"))));
        });
        ResolvedData data = resolver().resolve(request, List.of(PATIENT, CONDITIONS, OBSERVATIONS));
        assertThat(ids(data)).containsExactly("Patient/" + PATIENT_ID, "Condition/c-1", "Observation/o-1");
        assertThat(data.unansweredKeys()).isEmpty();
    }

    // ---------------------------------------------------------------- OperationOutcome answers

    @Test
    void operationOutcomeForOptionalKeyIsUnansweredNotNoData() {
        SentRequest request = request(p -> p.set("observations", json(operationOutcome())));
        ResolvedData data = resolver().resolve(request, List.of(OBSERVATIONS));
        assertThat(data.resources()).isEmpty();
        assertThat(data.unansweredKeys()).containsExactly("observations");
    }

    @Test
    void operationOutcomeForRequiredKeyWithoutServerIs412NamingTheKey() {
        SentRequest request = request(p -> {
            p.set("patient", json(patient()));
            p.set("conditions", json(operationOutcome()));
        });
        CdsHooksException e = failure(() -> resolver().resolve(request, List.of(PATIENT, CONDITIONS)));
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.issueType()).isEqualTo("processing");
        assertThat(e.getMessage()).contains("conditions").doesNotContain("patient]").doesNotContain(PATIENT_ID);
    }

    @Test
    void legacyWrappedOperationOutcomeIsAlsoUnanswered() {
        SentRequest request = request(p -> p.putObject("observations").set("resource", json(operationOutcome())));
        assertThat(resolver().resolve(request, List.of(OBSERVATIONS)).unansweredKeys())
                .containsExactly("observations");
    }

    @Test
    void operationOutcomeAnswerIsFetchedFromTheServerWhenOneIsGiven() {
        // PrefetchResolver's documented policy: the client's own query failed, so ask the FHIR server ourselves.
        FakeFetcher fetcher = new FakeFetcher().answer("Condition?patient=" + PATIENT_ID, condition("c-1", "1"));
        SentRequest request = request(true, p -> p.set("conditions", json(operationOutcome())));
        ResolvedData data = resolver(fetcher).resolve(request, List.of(CONDITIONS));
        assertThat(fetcher.calls).containsExactly(
                new FakeFetcher.Call(SERVER, TOKEN, "Condition?patient=" + PATIENT_ID));
        assertThat(ids(data)).containsExactly("Condition/c-1");
    }

    // ---------------------------------------------------------------- missing keys

    @Test
    void missingRequiredKeyWithoutFhirServerIs412() {
        SentRequest request = request(p -> p.set("patient", json(patient())));
        CdsHooksException e = failure(() -> resolver().resolve(request, List.of(PATIENT, CONDITIONS)));
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.issueType()).isEqualTo("processing");
        assertThat(e.getMessage()).contains("conditions").doesNotContain(PATIENT_ID).doesNotContain("Quill");
    }

    @Test
    void missingRequiredKeyWithFhirServerButNoFetcherIs412() {
        SentRequest request = request(true, p -> { });
        CdsHooksException e = failure(() -> resolver().resolve(request, List.of(CONDITIONS)));
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.issueType()).isEqualTo("processing");
        assertThat(e.getMessage()).contains("conditions").doesNotContain(TOKEN);
    }

    @Test
    void everyMissingRequiredKeyIsNamedInThe412() {
        SentRequest request = request(p -> { });
        CdsHooksException e = failure(() -> resolver().resolve(request, List.of(PATIENT, CONDITIONS, OBSERVATIONS)));
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.getMessage()).contains("patient", "conditions").doesNotContain("observations");
    }

    @Test
    void missingOptionalKeyIsReportedUnanswered() {
        SentRequest request = request(p -> p.set("conditions", json(searchset())));
        ResolvedData data = resolver().resolve(request, List.of(CONDITIONS, OBSERVATIONS));
        assertThat(data.unansweredKeys()).containsExactly("observations");
        assertThat(data.resources()).isEmpty();
    }

    @Test
    void missingKeysAreFetchedWithTheRenderedQueryAndTheAccessToken() {
        FakeFetcher fetcher = new FakeFetcher()
                .answer("Condition?patient=" + PATIENT_ID, condition("c-1", "278860009"), condition("c-2", "1"))
                .answer("Patient/" + PATIENT_ID, patient());
        SentRequest request = request(true, p -> p.putNull("observations"));

        ResolvedData data = resolver(fetcher).resolve(request, List.of(PATIENT, CONDITIONS, OBSERVATIONS));

        assertThat(fetcher.calls).containsExactly(
                new FakeFetcher.Call(SERVER, TOKEN, "Patient/" + PATIENT_ID),
                new FakeFetcher.Call(SERVER, TOKEN, "Condition?patient=" + PATIENT_ID));
        assertThat(ids(data)).containsExactly("Patient/" + PATIENT_ID, "Condition/c-1", "Condition/c-2");
        assertThat(data.unansweredKeys()).isEmpty();
    }

    @Test
    void sentKeysAreNotFetched() {
        FakeFetcher fetcher = new FakeFetcher();
        SentRequest request = request(true, p -> p.set("patient", json(patient())));
        resolver(fetcher).resolve(request, List.of(PATIENT, OBSERVATIONS));
        assertThat(fetcher.calls).extracting(FakeFetcher.Call::query)
                .containsExactly("Observation?patient=" + PATIENT_ID + "&code=72514-3");
    }

    @Test
    void fetchedEmptyResultIsAnsweredNotUnanswered() {
        FakeFetcher fetcher = new FakeFetcher();
        SentRequest request = request(true, p -> { });
        ResolvedData data = resolver(fetcher).resolve(request, List.of(OBSERVATIONS));
        assertThat(fetcher.calls).hasSize(1);
        assertThat(data.unansweredKeys()).isEmpty();
    }

    @Test
    void fetchFailureOnRequiredKeyIs412NamingTheKey() {
        FakeFetcher fetcher = new FakeFetcher().fail("Condition?patient=" + PATIENT_ID);
        SentRequest request = request(true, p -> p.set("patient", json(patient())));
        CdsHooksException e = failure(() -> resolver(fetcher).resolve(request, List.of(PATIENT, CONDITIONS)));
        assertThat(fetcher.calls).hasSize(1);
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.issueType()).isEqualTo("processing");
        assertThat(e.getMessage()).contains("conditions").doesNotContain(TOKEN).doesNotContain(PATIENT_ID);
    }

    @Test
    void fetchFailureOnOptionalKeyLeavesItUnanswered() {
        FakeFetcher fetcher = new FakeFetcher().fail("Observation?patient=" + PATIENT_ID + "&code=72514-3");
        SentRequest request = request(true, p -> p.set("conditions", json(searchset(condition("c-1", "1")))));
        ResolvedData data = resolver(fetcher).resolve(request, List.of(CONDITIONS, OBSERVATIONS));
        assertThat(data.unansweredKeys()).containsExactly("observations");
        assertThat(ids(data)).containsExactly("Condition/c-1");
    }

    @Test
    void aServerNotOnTheAllowListIsNeverCalled() {
        FakeFetcher fetcher = new FakeFetcher().answer("Patient/" + PATIENT_ID, patient());
        PrefetchResolver resolver = new PrefetchResolver(FHIR, Optional.of(new FhirServerFallback(fetcher,
                AllowedFhirServers.of(List.of("https://other-ehr.example/fhir")), Runnable::run, Duration.ofSeconds(5))));
        SentRequest request = request(true, p -> { });

        CdsHooksException e = failure(() -> resolver.resolve(request, List.of(PATIENT, OBSERVATIONS)));

        assertThat(e.status()).isEqualTo(412);
        assertThat(e.getMessage()).contains("patient").doesNotContain(TOKEN);
        assertThat(fetcher.calls).isEmpty();
    }

    /** Key A's fetch waits until key B's has started: run one after the other, A would miss the deadline. */
    @Test
    void missingKeysAreFetchedInParallel() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        FhirFetcher fetcher = (server, token, query) -> {
            bothStarted.countDown();
            try {
                if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                    throw new FhirFetcher.FhirFetchException("the other key never started", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return query.startsWith("Patient/") ? List.of(patient()) : List.of(condition("c-1", "1"));
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            PrefetchResolver resolver = new PrefetchResolver(FHIR, Optional.of(new FhirServerFallback(fetcher,
                    AllowedFhirServers.of(List.of(SERVER)), pool, Duration.ofSeconds(10))));
            ResolvedData data = resolver.resolve(request(true, p -> { }), List.of(PATIENT, CONDITIONS));
            assertThat(ids(data)).containsExactly("Patient/" + PATIENT_ID, "Condition/c-1");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A server that never answers: the resolver still returns (liveness; the bound is generous, not a benchmark). */
    @Test
    void aKeyNotCompleteByTheDeadlineIsNotUsed() {
        CountDownLatch never = new CountDownLatch(1);
        FhirFetcher hanging = (server, token, query) -> {
            if (query.startsWith("Observation")) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FhirFetcher.FhirFetchException("interrupted", e);
                }
            }
            return List.of(condition("c-1", "1"));
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            PrefetchResolver resolver = new PrefetchResolver(FHIR, Optional.of(new FhirServerFallback(hanging,
                    AllowedFhirServers.of(List.of(SERVER)), pool, Duration.ofMillis(300))));
            SentRequest request = request(true, p -> p.set("patient", json(patient())));

            ResolvedData data = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> resolver.resolve(request, List.of(PATIENT, CONDITIONS, OBSERVATIONS)));

            assertThat(data.unansweredKeys()).containsExactly("observations");
            assertThat(ids(data)).containsExactly("Patient/" + PATIENT_ID, "Condition/c-1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyWhoseQueryCannotBeRenderedIsNotFetched() {
        FakeFetcher fetcher = new FakeFetcher();
        PrefetchTemplate requiredEncounter = PrefetchTemplate.required("encounter", "Encounter/{{context.encounterId}}");
        SentRequest request = request(true, p -> { });

        assertThat(resolver(fetcher).resolve(request, List.of(ENCOUNTER)).unansweredKeys())
                .containsExactly("encounter");
        CdsHooksException e = failure(() -> resolver(fetcher).resolve(request, List.of(requiredEncounter)));
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.getMessage()).contains("encounter");
        assertThat(fetcher.calls).isEmpty();
    }

    // ---------------------------------------------------------------- garbage values

    private void assertGarbageIs400NamingTheKey(JsonNode value, String mustNotLeak) {
        SentRequest request = request(p -> {
            p.set("patient", json(patient()));
            p.set("conditions", value);
        });
        CdsHooksException e = failure(() -> resolver().resolve(request, List.of(PATIENT, CONDITIONS)));
        assertThat(e.status()).as(value.toString()).isEqualTo(400);
        assertThat(e.issueType()).as(value.toString()).isEqualTo("invalid");
        assertThat(e.getMessage()).as(value.toString()).contains("'conditions'").doesNotContain("'patient'");
        if (mustNotLeak != null) {
            assertThat(e.getMessage()).doesNotContain(mustNotLeak);
        }
    }

    @Test
    void stringPrefetchValueIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.getNodeFactory().textNode("Condition?patient=" + PATIENT_ID),
                PATIENT_ID);
    }

    @Test
    void htmlErrorPageAsStringIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.getNodeFactory().textNode(
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"), "<html>");
    }

    @Test
    void numberPrefetchValueIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.getNodeFactory().numberNode(404), null);
    }

    @Test
    void booleanPrefetchValueIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.getNodeFactory().booleanNode(false), null);
    }

    @Test
    void arrayPrefetchValueIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.createArrayNode().add(json(condition("c-1", "1"))), null);
    }

    @Test
    void objectWithoutResourceTypeIs400NamingTheKey() {
        ObjectNode value = JSON.createObjectNode().put("foo", 1).put("name", "Ada Quill");
        assertGarbageIs400NamingTheKey(value, "Ada Quill");
    }

    @Test
    void unknownResourceTypeIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.createObjectNode().put("resourceType", "NotAType"), "NotAType");
    }

    @Test
    void dstu3OnlyResourceTypeIs400NamingTheKey() {
        assertGarbageIs400NamingTheKey(JSON.createObjectNode().put("resourceType", "ProcedureRequest")
                .put("id", "x"), null);
    }

    @Test
    void nonStringResourceTypeIs400NamingTheKey() {
        ObjectNode value = JSON.createObjectNode();
        value.putArray("resourceType").add("Condition");
        assertGarbageIs400NamingTheKey(value, null);
        assertGarbageIs400NamingTheKey(JSON.createObjectNode().put("resourceType", 7), null);
    }

    @Test
    void bundleEntryOfUnknownTypeOrNotAnObjectOrEntriesNotAListIs400NamingTheKey() {
        ObjectNode unknownType = (ObjectNode) json(searchset(condition("c-1", "278860009")));
        unknownType.withArray("entry").addObject().putObject("resource").put("resourceType", "NotAType");
        assertGarbageIs400NamingTheKey(unknownType, "NotAType");
        ObjectNode stringResource = (ObjectNode) json(searchset(condition("c-1", "278860009")));
        stringResource.withArray("entry").addObject().put("resource", "Condition/c-2");
        assertGarbageIs400NamingTheKey(stringResource, "Condition/c-2");
        ObjectNode entryObject = (ObjectNode) json(searchset());
        entryObject.putObject("entry").set("resource", json(condition("c-3", "278860009")));
        assertGarbageIs400NamingTheKey(entryObject, null);
    }

    @Test
    void legacyWrapperAroundGarbageIs400NamingTheKey() {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.putObject("resource").put("foo", 1);
        assertGarbageIs400NamingTheKey(wrapper, null);
        assertGarbageIs400NamingTheKey(JSON.createObjectNode().put("resource", "Patient/1"), null);
    }

    @Test
    void garbageInAKeyTheServiceDoesNotUseIsIgnored() {
        SentRequest request = request(p -> {
            p.set("conditions", json(searchset()));
            p.put("somebodyElses", "<html>oops</html>");
        });
        assertThat(resolver().resolve(request, List.of(CONDITIONS)).resources()).isEmpty();
        assertThat(request.prefetch().value("somebodyElses")).as("a key no template declares is not read").isNull();
    }
}
