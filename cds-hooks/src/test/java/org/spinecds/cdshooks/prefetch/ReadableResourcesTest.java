package org.spinecds.cdshooks.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cdshooks.testing.TestServices;

/**
 * Only the resources the rules can retrieve are parsed, and never in a way that changes what the rules see: every
 * copy of a kept record is kept, and with a key to fetch from the EHR's server everything is parsed.
 */
class ReadableResourcesTest {

    private static final String SERVER = "https://ehr.example/fhir";
    private static final List<PrefetchTemplate> TEMPLATES = List.of(
            PrefetchTemplate.required("patient", "Patient/{{context.patientId}}"),
            PrefetchTemplate.optional("observations", "Observation?patient={{context.patientId}}"),
            PrefetchTemplate.optional("moreObservations", "Observation?patient={{context.patientId}}&category=vital-signs"),
            PrefetchTemplate.optional("medications", "MedicationRequest?patient={{context.patientId}}"));

    private final PrefetchResolver resolver = new PrefetchResolver(TestServices.FHIR, Optional.empty(),
            Optional.of(TestServices.evaluator().retrievableCodes()));

    @Test
    void resourcesTheRulesCannotRetrieveAreNotParsed() {
        ResolvedData data = resolver.resolve(request(false, bundle(observation("pain", "1", "72514-3"),
                observation("heart-rate", "1", "8867-4"), observation("spaced", "1", " 72514-3 "),
                observation("no-code", "1", null)), bundle(), bundle(medication())), TEMPLATES);

        assertThat(ids(data)).containsExactlyInAnyOrder("Patient/p1", "Observation/pain", "Observation/spaced",
                "Observation/no-code", "MedicationRequest/med1");
    }

    @Test
    void everyCopyOfAKeptRecordIsParsedSoThatTheNewestWins() {
        // Version 2 was recoded to a code the rules do not read: it must still reach the de-duplication.
        ResolvedData data = resolver.resolve(request(false, bundle(observation("score", "1", "72514-3")),
                bundle(observation("score", "2", "8867-4")), bundle()), TEMPLATES);

        assertThat(data.resources()).filteredOn(r -> r.fhirType().equals("Observation"))
                .extracting(r -> r.getMeta().getVersionId()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void aCopySetAsideIsReadAgainFromTheBodyAsSentPastMultiByteCharacters() {
        // Byte offsets, not character offsets: the text before the copy has characters of two and three bytes.
        String named = observation("score", "1", "72514-3").replace("\"status\"",
                "\"note\": [{\"text\": \"Zoë Ünal — 痛み\"}], \"status\"");
        String recoded = observation("score", "2", "8867-4").replace("\"status\"",
                "\"note\": [{\"text\": \"später ≥ 8\"}], \"status\"");
        ResolvedData data = resolver.resolve(request(false, bundle(named), bundle(recoded), bundle()), TEMPLATES);

        Observation reread = data.resources().stream().filter(r -> "2".equals(r.getMeta().getVersionId()))
                .map(Observation.class::cast).findFirst().orElseThrow();
        assertThat(reread.getNoteFirstRep().getText()).isEqualTo("später ≥ 8");
        assertThat(reread.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
    }

    @Test
    void aResourceSetAsideFailsTheRequestOnlyIfItIsNeeded() {
        String broken = observation("heart-rate", "1", "8867-4").replace("\"status\"",
                "\"contained\": [{\"resourceType\": \"NotAType\"}], \"status\"");
        assertThat(ids(resolver.resolve(request(false, bundle(broken), bundle(), bundle()), TEMPLATES)))
                .doesNotContain("Observation/heart-rate");

        String keptCopy = observation("heart-rate", "2", "72514-3");
        Throwable thrown = catchThrowable(() -> resolver.resolve(request(false, bundle(broken), bundle(keptCopy),
                bundle()), TEMPLATES));
        assertThat(thrown).isInstanceOf(CdsHooksException.class).hasMessageContaining("'observations'");
    }

    @Test
    void everythingIsParsedWhenAKeyWillBeFetchedFromTheServer() {
        FhirServerFallback fallback = new FhirServerFallback((server, token, query) -> List.of(),
                AllowedFhirServers.of(List.of(SERVER)), Runnable::run, Duration.ofSeconds(5));
        PrefetchResolver fetching = new PrefetchResolver(TestServices.FHIR, Optional.of(fallback),
                Optional.of(TestServices.evaluator().retrievableCodes()));

        ResolvedData data = fetching.resolve(request(true, bundle(observation("heart-rate", "1", "8867-4")),
                bundle(), null), TEMPLATES);

        assertThat(ids(data)).contains("Observation/heart-rate");
        assertThat(ids(resolver.resolve(request(true, bundle(observation("heart-rate", "1", "8867-4")), bundle(),
                bundle()), TEMPLATES))).as("nothing to fetch").doesNotContain("Observation/heart-rate");
    }

    private static List<String> ids(ResolvedData data) {
        return data.resources().stream().map(IBaseResource::getIdElement)
                .map(id -> id.getResourceType() + "/" + id.getIdPart()).toList();
    }

    private static String observation(String id, String version, String loinc) {
        String code = loinc == null ? "" : """
                , "code": {"coding": [{"system": "http://loinc.org", "code": "%s"}]}""".formatted(loinc);
        return """
                {"resourceType": "Observation", "id": "%s", "meta": {"versionId": "%s"}, "status": "final",
                 "subject": {"reference": "Patient/p1"}%s, "valueInteger": 5}""".formatted(id, version, code);
    }

    private static String medication() {
        return """
                {"resourceType": "MedicationRequest", "id": "med1", "status": "active", "intent": "order",
                 "subject": {"reference": "Patient/p1"}, "medicationCodeableConcept": {"coding": [
                 {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "313782"}]}}""";
    }

    private static String bundle(String... resources) {
        StringBuilder entries = new StringBuilder();
        for (String resource : resources) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"resource\": ").append(resource).append('}');
        }
        return "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": [" + entries + "]}";
    }

    private SentRequest request(boolean withServer, String observations, String moreObservations,
            String medications) {
        String server = withServer ? """
                "fhirServer": "%s", "fhirAuthorization": {"access_token": "t", "token_type": "Bearer",
                "expires_in": 300, "scope": "patient/*.read", "subject": "spinecds"},""".formatted(SERVER) : "";
        String body = """
                {"hook": "patient-view", "hookInstance": "0b8f5e4a-6a71-4d1c-9e83-0f3f7c1d2a55", %s
                 "context": {"userId": "Practitioner/doc-1", "patientId": "p1"},
                 "prefetch": {"patient": {"resourceType": "Patient", "id": "p1"}, "observations": %s,
                              "moreObservations": %s %s}}""".formatted(server, observations, moreObservations,
                medications == null ? "" : ", \"medications\": " + medications);
        // Both resolvers of this class parse the same resources as they are read; what differs is the fetching.
        return resolver.read(new CdsRequestParser(TestServices.JSON), body.getBytes(StandardCharsets.UTF_8),
                Hook.PATIENT_VIEW, TEMPLATES);
    }
}
