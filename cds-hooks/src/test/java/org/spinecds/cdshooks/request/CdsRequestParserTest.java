package org.spinecds.cdshooks.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.prefetch.PrefetchResolver;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.prefetch.SentRequest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;

class CdsRequestParserTest {

    private static final ObjectMapper JSON = CdsJson.mapper();
    private static final String OPIOID_REQUEST =
            "/requests/opioid-cds-r4/request-example-rec-03-patient-view-long-acting-opioid.json";

    private final CdsRequestParser parser = new CdsRequestParser(JSON);

    // ---------------------------------------------------------------- helpers

    /** The prefetch keys as the parser hands them over, each with its value's first token. */
    private static final class PrefetchKeys implements PrefetchSink {

        final Map<String, JsonToken> firstTokens = new LinkedHashMap<>();

        @Override
        public void accept(String key, JsonParser value) throws IOException {
            firstTokens.put(key, value.currentToken());
            value.skipChildren();
        }
    }

    private Map<String, JsonToken> prefetchKeys(byte[] body, Hook hook) {
        PrefetchKeys keys = new PrefetchKeys();
        parser.parse(body, hook, keys);
        return keys.firstTokens;
    }

    /** A minimal valid patient-view request; tests change one thing in it. */
    private static ObjectNode patientView() {
        ObjectNode root = JSON.createObjectNode();
        root.put("hook", "patient-view");
        root.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        ObjectNode context = root.putObject("context");
        context.put("userId", "Practitioner/example");
        context.put("patientId", "1288992");
        return root;
    }

    private static ObjectNode orderSelect() {
        ObjectNode root = patientView();
        root.put("hook", "order-select");
        ObjectNode context = (ObjectNode) root.get("context");
        context.putArray("selections").add("MedicationRequest/draft-1");
        context.set("draftOrders", draftOrders());
        return root;
    }

    private static ObjectNode draftOrders() {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        ObjectNode resource = bundle.putArray("entry").addObject().putObject("resource");
        resource.put("resourceType", "MedicationRequest");
        resource.put("id", "draft-1");
        resource.put("status", "draft");
        resource.put("intent", "order");
        return bundle;
    }

    private static ObjectNode context(ObjectNode root) {
        return (ObjectNode) root.get("context");
    }

    private static ObjectNode with(ObjectNode root, Consumer<ObjectNode> change) {
        change.accept(root);
        return root;
    }

    private static byte[] bytes(ObjectNode root) {
        return bytes(root.toString());
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private CdsRequest parse(ObjectNode root, Hook hook) {
        return parser.parse(bytes(root), hook, new PrefetchKeys());
    }

    private CdsHooksException rejection(byte[] body, Hook hook) {
        Throwable thrown = catchThrowable(() -> parser.parse(body, hook, new PrefetchKeys()));
        assertThat(thrown).isInstanceOf(CdsHooksException.class);
        return (CdsHooksException) thrown;
    }

    private CdsHooksException rejection(ObjectNode root, Hook hook) {
        return rejection(bytes(root), hook);
    }

    private static void assertBadRequest(CdsHooksException e, String issueType, String... messageParts) {
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.issueType()).isEqualTo(issueType);
        assertThat(e.getMessage()).contains(messageParts);
    }

    private static String resource(String path) {
        try (InputStream in = CdsRequestParserTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- body shape

    @Test
    void malformedJsonIs400StructureWithoutEchoingTheBody() {
        CdsHooksException e = rejection(bytes("{\"hook\": \"patient-view\", \"context\": {\"patientId\": \"SMITH-JOHN\""),
                Hook.PATIENT_VIEW);
        assertBadRequest(e, "structure", "not valid JSON");
        assertThat(e.getMessage()).doesNotContain("SMITH-JOHN");
    }

    @Test
    void emptyBodyIs400Structure() {
        assertBadRequest(rejection(new byte[0], Hook.PATIENT_VIEW), "structure", "JSON object");
    }

    @Test
    void whitespaceOnlyBodyIs400Structure() {
        assertBadRequest(rejection(bytes("  \n "), Hook.PATIENT_VIEW), "structure", "JSON object");
    }

    @Test
    void jsonArrayInsteadOfObjectIs400Structure() {
        assertBadRequest(rejection(bytes("[" + patientView() + "]"), Hook.PATIENT_VIEW), "structure", "JSON object");
    }

    @Test
    void jsonNumberInsteadOfObjectIs400Structure() {
        assertBadRequest(rejection(bytes("42"), Hook.PATIENT_VIEW), "structure", "JSON object");
    }

    @Test
    void jsonNullBodyIs400Structure() {
        assertBadRequest(rejection(bytes("null"), Hook.PATIENT_VIEW), "structure", "JSON object");
    }

    @Test
    void trailingGarbageAfterTheObjectIs400Structure() {
        assertBadRequest(rejection(bytes(patientView() + " }"), Hook.PATIENT_VIEW), "structure", "not valid JSON");
        assertBadRequest(rejection(bytes(patientView() + patientView().toString()), Hook.PATIENT_VIEW),
                "structure", "not valid JSON");
    }

    @Test
    void deeplyNestedJsonInContextIs400NotAStackOverflow() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"Practitioner/1\","
                + "\"patientId\":\"1\",\"deep\":" + nested + "}}";
        assertBadRequest(rejection(bytes(body), Hook.PATIENT_VIEW), "structure", "not valid JSON");
    }

    @Test
    void deeplyNestedObjectsInPrefetchAre400() {
        String nested = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        ObjectNode valid = patientView();
        String body = valid.toString().replaceFirst("}$", ",\"prefetch\":{\"patient\":" + nested + "}}");
        assertBadRequest(rejection(bytes(body), Hook.PATIENT_VIEW), "structure", "not valid JSON");
    }

    // ---------------------------------------------------------------- hook and hookInstance

    @Test
    void missingHookIs400RequiredNamingHook() {
        assertBadRequest(rejection(with(patientView(), r -> r.remove("hook")), Hook.PATIENT_VIEW),
                "required", "'hook'");
    }

    @Test
    void nullHookIs400Required() {
        assertBadRequest(rejection(with(patientView(), r -> r.putNull("hook")), Hook.PATIENT_VIEW),
                "required", "'hook'");
    }

    @Test
    void blankHookIs400InvalidNamingHook() {
        assertBadRequest(rejection(with(patientView(), r -> r.put("hook", "   ")), Hook.PATIENT_VIEW),
                "invalid", "'hook'", "non-empty string");
    }

    @Test
    void nonStringHookIs400InvalidNamingHook() {
        assertBadRequest(rejection(with(patientView(), r -> r.put("hook", 7)), Hook.PATIENT_VIEW),
                "invalid", "'hook'", "non-empty string");
        assertBadRequest(rejection(with(patientView(), r -> r.putObject("hook").put("id", "patient-view")),
                Hook.PATIENT_VIEW), "invalid", "'hook'");
    }

    @Test
    void orderSignSentToPatientViewServiceIs400Invalid() {
        ObjectNode orderSign = with(orderSelect(), r -> r.put("hook", "order-sign"));
        assertBadRequest(rejection(orderSign, Hook.PATIENT_VIEW), "invalid", "'patient-view'", "'order-sign'");
    }

    @Test
    void hookNameIsCaseSensitive() {
        assertBadRequest(rejection(with(patientView(), r -> r.put("hook", "Patient-View")), Hook.PATIENT_VIEW),
                "invalid", "'patient-view'");
    }

    @Test
    void missingHookInstanceIs400RequiredNamingHookInstance() {
        assertBadRequest(rejection(with(patientView(), r -> r.remove("hookInstance")), Hook.PATIENT_VIEW),
                "required", "'hookInstance'");
    }

    @Test
    void numericHookInstanceIs400Invalid() {
        assertBadRequest(rejection(with(patientView(), r -> r.put("hookInstance", 12)), Hook.PATIENT_VIEW),
                "invalid", "'hookInstance'");
    }

    // ---------------------------------------------------------------- context

    @Test
    void missingContextIs400RequiredNamingContext() {
        assertBadRequest(rejection(with(patientView(), r -> r.remove("context")), Hook.PATIENT_VIEW),
                "required", "'context'");
    }

    @Test
    void contextThatIsNotAnObjectIs400NamingContext() {
        assertBadRequest(rejection(with(patientView(), r -> r.put("context", "patientId=123")), Hook.PATIENT_VIEW),
                "required", "'context'", "JSON object");
        assertBadRequest(rejection(with(patientView(), r -> r.putArray("context")), Hook.PATIENT_VIEW),
                "required", "'context'", "JSON object");
    }

    @Test
    void missingPatientIdIs400RequiredNamingIt() {
        assertBadRequest(rejection(with(patientView(), r -> context(r).remove("patientId")), Hook.PATIENT_VIEW),
                "required", "context.patientId");
    }

    @Test
    void blankPatientIdIs400Required() {
        assertBadRequest(rejection(with(patientView(), r -> context(r).put("patientId", " ")), Hook.PATIENT_VIEW),
                "required", "context.patientId");
    }

    @Test
    void numericPatientIdIs400InvalidNamingIt() {
        assertBadRequest(rejection(with(patientView(), r -> context(r).put("patientId", 123)), Hook.PATIENT_VIEW),
                "invalid", "context.patientId");
    }

    @Test
    void missingUserIdIs400RequiredNamingIt() {
        assertBadRequest(rejection(with(patientView(), r -> context(r).remove("userId")), Hook.PATIENT_VIEW),
                "required", "context.userId");
    }

    @Test
    void nullUserIdIs400Required() {
        assertBadRequest(rejection(with(patientView(), r -> context(r).putNull("userId")), Hook.PATIENT_VIEW),
                "required", "context.userId");
    }

    @Test
    void orderSelectWithoutSelectionsIs400NamingSelections() {
        assertBadRequest(rejection(with(orderSelect(), r -> context(r).remove("selections")), Hook.ORDER_SELECT),
                "required", "context.selections", "'order-select'");
    }

    @Test
    void orderSelectWithoutDraftOrdersIs400NamingDraftOrders() {
        assertBadRequest(rejection(with(orderSelect(), r -> context(r).remove("draftOrders")), Hook.ORDER_SELECT),
                "required", "context.draftOrders", "'order-select'");
    }

    @Test
    void orderSignWithoutDraftOrdersIs400NamingDraftOrders() {
        ObjectNode orderSign = with(orderSelect(), r -> {
            r.put("hook", "order-sign");
            context(r).remove("selections");
            context(r).remove("draftOrders");
        });
        assertBadRequest(rejection(orderSign, Hook.ORDER_SIGN), "required", "context.draftOrders", "'order-sign'");
    }

    @Test
    void validOrderSelectIsAcceptedWithItsContext() {
        CdsRequest request = parse(orderSelect(), Hook.ORDER_SELECT);
        assertThat(request.hook()).isEqualTo(Hook.ORDER_SELECT);
        assertThat(request.context().get("selections").get(0).asText()).isEqualTo("MedicationRequest/draft-1");
        assertThat(request.context().get("draftOrders").get("resourceType").asText()).isEqualTo("Bundle");
    }

    @Test
    void orderSignWithoutSelectionsIsAccepted() {
        ObjectNode orderSign = with(orderSelect(), r -> {
            r.put("hook", "order-sign");
            context(r).remove("selections");
        });
        assertThat(parse(orderSign, Hook.ORDER_SIGN).hook()).isEqualTo(Hook.ORDER_SIGN);
    }

    // ---------------------------------------------------------------- patientId and userId

    @Test
    void patientIdWithPatientPrefixIsNormalised() {
        CdsRequest request = parse(with(patientView(), r -> context(r).put("patientId", "Patient/123")),
                Hook.PATIENT_VIEW);
        assertThat(request.patientId()).isEqualTo("123");
    }

    @Test
    void barePatientIdIsKeptAsSent() {
        assertThat(parse(patientView(), Hook.PATIENT_VIEW).patientId()).isEqualTo("1288992");
    }

    @Test
    void patientIdWithIllegalCharactersIs400InvalidWithoutEchoingIt() {
        for (String bad : List.of("123&_include=*", "../Observation", "12 3", "Patient/", "Observation/123",
                "smith<script>", "a".repeat(65))) {
            CdsHooksException e = rejection(with(patientView(), r -> context(r).put("patientId", bad)),
                    Hook.PATIENT_VIEW);
            assertBadRequest(e, "invalid", "context.patientId");
            assertThat(e.getMessage()).as(bad).doesNotContain(bad);
        }
    }

    @Test
    void patientIdOfSixtyFourCharactersIsAccepted() {
        String id = "A-1.".repeat(16);
        assertThat(parse(with(patientView(), r -> context(r).put("patientId", id)), Hook.PATIENT_VIEW).patientId())
                .isEqualTo(id);
    }

    @Test
    void userIdThatIsNotAReferenceIs400InvalidWithoutEchoingIt() {
        for (String bad : List.of("dr-smith", "Organization/1", "Practitioner/a b",
                "https://ehr.example/fhir/Practitioner/1", "Practitioner/" + "x".repeat(65))) {
            CdsHooksException e = rejection(with(patientView(), r -> context(r).put("userId", bad)),
                    Hook.PATIENT_VIEW);
            assertBadRequest(e, "invalid", "context.userId");
            assertThat(e.getMessage()).as(bad).doesNotContain(bad);
        }
    }

    @Test
    void userIdWithoutAnIdIs400Invalid() {
        assertBadRequest(rejection(with(patientView(), r -> context(r).put("userId", "Practitioner/")),
                Hook.PATIENT_VIEW), "invalid", "context.userId");
    }

    @Test
    void userIdOfEveryAllowedTypeIsAccepted() {
        for (String userId : List.of("Practitioner/1", "PractitionerRole/r-1", "Patient/p.1", "RelatedPerson/rp")) {
            assertThat(parse(with(patientView(), r -> context(r).put("userId", userId)), Hook.PATIENT_VIEW).userId())
                    .isEqualTo(userId);
        }
    }

    // ---------------------------------------------------------------- fhirServer and fhirAuthorization

    private static ObjectNode authorization(ObjectNode root) {
        ObjectNode auth = root.putObject("fhirAuthorization");
        auth.put("access_token", "some-opaque-access-token");
        auth.put("token_type", "Bearer");
        auth.put("expires_in", 300);
        auth.put("scope", "user/Patient.read user/Condition.read");
        auth.put("subject", "spinecds");
        return auth;
    }

    @Test
    void fhirAuthorizationWithFhirServerGivesTheAccessToken() {
        CdsRequest request = parse(with(patientView(), r -> {
            r.put("fhirServer", "https://ehr.example/fhir");
            authorization(r);
        }), Hook.PATIENT_VIEW);
        assertThat(request.fhirServerUrl()).contains("https://ehr.example/fhir");
        assertThat(request.accessToken()).isEqualTo("some-opaque-access-token");
    }

    @Test
    void accessTokenNeverAppearsInToString() {
        CdsRequest request = parse(with(patientView(), r -> {
            r.put("fhirServer", "https://ehr.example/fhir");
            authorization(r);
        }), Hook.PATIENT_VIEW);
        assertThat(request.toString()).doesNotContain("some-opaque-access-token").doesNotContain("1288992");
    }

    @Test
    void fhirAuthorizationWithoutFhirServerIs400RequiredNamingFhirServer() {
        CdsHooksException e = rejection(with(patientView(), CdsRequestParserTest::authorization), Hook.PATIENT_VIEW);
        assertBadRequest(e, "required", "'fhirServer'", "'fhirAuthorization'");
        assertThat(e.getMessage()).doesNotContain("some-opaque-access-token");
    }

    @Test
    void fhirAuthorizationWithoutAccessTokenIs400NamingAccessToken() {
        assertBadRequest(rejection(with(patientView(), r -> {
            r.put("fhirServer", "https://ehr.example/fhir");
            authorization(r).remove("access_token");
        }), Hook.PATIENT_VIEW), "required", "fhirAuthorization.access_token");
    }

    @Test
    void fhirAuthorizationThatIsNotAnObjectIs400Invalid() {
        assertBadRequest(rejection(with(patientView(), r -> {
            r.put("fhirServer", "https://ehr.example/fhir");
            r.put("fhirAuthorization", "Bearer abc");
        }), Hook.PATIENT_VIEW), "invalid", "'fhirAuthorization'");
    }

    @Test
    void nullFhirAuthorizationMeansNoToken() {
        CdsRequest request = parse(with(patientView(), r -> r.putNull("fhirAuthorization")), Hook.PATIENT_VIEW);
        assertThat(request.accessToken()).isNull();
        assertThat(request.fhirServerUrl()).isEmpty();
    }

    @Test
    void nonStringFhirServerIs400InvalidNamingIt() {
        assertBadRequest(rejection(with(patientView(), r -> r.put("fhirServer", 8080)), Hook.PATIENT_VIEW),
                "invalid", "'fhirServer'");
    }

    // ---------------------------------------------------------------- prefetch and extension

    @Test
    void prefetchThatIsNotAnObjectIs400InvalidNamingPrefetch() {
        assertBadRequest(rejection(with(patientView(), r -> r.putArray("prefetch").add("x")), Hook.PATIENT_VIEW),
                "invalid", "'prefetch'");
        assertBadRequest(rejection(with(patientView(), r -> r.put("prefetch", "{}")), Hook.PATIENT_VIEW),
                "invalid", "'prefetch'");
    }

    @Test
    void prefetchKeysAreHandedOverInOrderWithNullValues() {
        Map<String, JsonToken> keys = prefetchKeys(bytes(with(patientView(), r -> {
            ObjectNode prefetch = r.putObject("prefetch");
            prefetch.putObject("patient").put("resourceType", "Patient").put("id", "1288992");
            prefetch.putNull("conditions");
        })), Hook.PATIENT_VIEW);
        assertThat(keys.keySet()).containsExactly("patient", "conditions");
        assertThat(keys).containsEntry("patient", JsonToken.START_OBJECT).containsEntry("conditions", JsonToken.VALUE_NULL);
    }

    @Test
    void membersAfterAStreamedPrefetchAreStillRead() {
        String body = "{\"prefetch\":{\"patient\":{\"resourceType\":\"Patient\",\"id\":\"9\","
                + "\"name\":[{\"family\":\"Doe\"}]},\"conditions\":null},\"hook\":\"patient-view\","
                + "\"context\":{\"patientId\":\"9\",\"userId\":\"Practitioner/7\"},\"hookInstance\":\"abc\"}";
        CdsRequest request = parser.parse(bytes(body), Hook.PATIENT_VIEW, new PrefetchKeys());
        assertThat(request.patientId()).isEqualTo("9");
        assertThat(request.hookInstance()).isEqualTo("abc");
        assertThat(prefetchKeys(bytes(body), Hook.PATIENT_VIEW).keySet()).containsExactly("patient", "conditions");
    }

    @Test
    void absentOrNullPrefetchGivesNoKeys() {
        assertThat(prefetchKeys(bytes(patientView()), Hook.PATIENT_VIEW)).isEmpty();
        assertThat(prefetchKeys(bytes(with(patientView(), r -> r.putNull("prefetch"))), Hook.PATIENT_VIEW)).isEmpty();
    }

    @Test
    void unknownTopLevelExtensionObjectIsAccepted() {
        // HAPI FHIR issue #6262: peers rejected a request carrying the spec's own "extension" field.
        CdsRequest request = parse(with(patientView(), r -> {
            r.putObject("extension").put("com.example.ehr.session", "abc").putObject("nested").put("n", 1);
            context(r).put("com.example.ehr.extra", true);
        }), Hook.PATIENT_VIEW);
        assertThat(request.hook()).isEqualTo(Hook.PATIENT_VIEW);
    }

    // ---------------------------------------------------------------- real clients

    @Test
    void cdsHooksSandboxShapedRequestIsAccepted() {
        ObjectNode root = JSON.createObjectNode();
        root.put("hookInstance", "5a1a3bd4-5f0a-4b6b-8b0a-7a4d1bd8a0b3");
        root.put("fhirServer", "https://launch.smarthealthit.org/v/r4/fhir");
        root.put("hook", "patient-view");
        ObjectNode context = root.putObject("context");
        context.put("userId", "Practitioner/COREPRACTITIONER1");
        context.put("patientId", "smart-1288992");
        ObjectNode prefetch = root.putObject("prefetch");
        prefetch.putObject("patient").put("resourceType", "Patient").put("id", "smart-1288992");
        ObjectNode conditions = prefetch.putObject("conditions");
        conditions.put("resourceType", "Bundle").put("type", "searchset").put("total", 0);

        CdsRequest request = parse(root, Hook.PATIENT_VIEW);
        Map<String, JsonToken> keys = prefetchKeys(bytes(root), Hook.PATIENT_VIEW);

        assertThat(request.userId()).isEqualTo("Practitioner/COREPRACTITIONER1");
        assertThat(request.patientId()).isEqualTo("smart-1288992");
        assertThat(request.accessToken()).isNull();
        assertThat(request.fhirServerUrl()).contains("https://launch.smarthealthit.org/v/r4/fhir");
        assertThat(keys).containsOnlyKeys("patient", "conditions");
    }

    @Test
    void opioidCdsRequestWithStrayBraceIsRejectedNotReadWithPrefetchKeysDropped() {
        // The stray '}' after item1 closes "prefetch" early: a lenient parser would read item2..item5 as unknown
        // top-level fields and drop them, then ignore the '}' left over at the end.
        String body = resource(OPIOID_REQUEST);
        CdsHooksException e = rejection(bytes(body), Hook.PATIENT_VIEW);
        assertBadRequest(e, "structure", "not valid JSON");
        assertThat(e.getMessage()).doesNotContain("example-rec-03");
    }

    @Test
    void opioidCdsRequestRepairedIsAcceptedAndItsLegacyWrappedPrefetchIsRead() {
        String body = resource(OPIOID_REQUEST);
        String strayClose = "\"2003-05-01\"\n      }\n    },\n";
        assertThat(body).contains(strayClose);
        // Without the stray '}', the '}' that was left over at the end closes the root object again.
        String repaired = body.replace(strayClose, "\"2003-05-01\"\n      },\n");

        PrefetchResolver resolver = new PrefetchResolver(FhirContext.forR4Cached(), Optional.empty());
        List<PrefetchTemplate> templates = List.of(
                PrefetchTemplate.required("item1", "Patient/{{context.patientId}}"),
                PrefetchTemplate.required("item2", "MedicationRequest?patient={{context.patientId}}"),
                PrefetchTemplate.required("item3", "Encounter?patient={{context.patientId}}"));
        SentRequest sent = resolver.read(parser, bytes(repaired), Hook.PATIENT_VIEW, templates);
        CdsRequest request = sent.request();

        assertThat(request.patientId()).isEqualTo("example-rec-03-long-acting-opioid");
        assertThat(request.userId()).isEqualTo("Practitioner/example");
        assertThat(request.fhirServerUrl()).contains("http://localhost:8080/fhir");
        assertThat(prefetchKeys(bytes(repaired), Hook.PATIENT_VIEW))
                .containsOnlyKeys("item1", "item2", "item3", "item4", "item5");

        ResolvedData data = resolver.resolve(sent, templates);
        assertThat(data.unansweredKeys()).isEmpty();
        assertThat(data.resources()).extracting(IBaseResource::fhirType)
                .containsExactly("Patient", "MedicationRequest");
        assertThat(data.resources()).extracting(r -> r.getIdElement().getIdPart())
                .containsExactly("example-rec-03-long-acting-opioid", "example-rec-03-long-acting-opioid-prefetch");
    }

    @Test
    void parsingDoesNotDependOnFieldOrder() {
        String body = "{\"context\":{\"patientId\":\"Patient/9\",\"userId\":\"PractitionerRole/7\"},"
                + "\"hookInstance\":\"abc\",\"hook\":\"patient-view\"}";
        CdsRequest request = parser.parse(bytes(body), Hook.PATIENT_VIEW, new PrefetchKeys());
        assertThat(request.patientId()).isEqualTo("9");
        assertThat(request.userId()).isEqualTo("PractitionerRole/7");
    }
}
