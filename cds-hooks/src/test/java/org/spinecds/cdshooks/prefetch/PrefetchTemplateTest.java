package org.spinecds.cdshooks.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.request.Hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class PrefetchTemplateTest {

    private static final ObjectMapper JSON = CdsJson.mapper();

    /** A parsed patient-view request, so ids are normalised exactly as in production. */
    private static CdsRequest request(String patientId, String userId, Consumer<ObjectNode> context) {
        ObjectNode root = JSON.createObjectNode();
        root.put("hook", "patient-view");
        root.put("hookInstance", "f4a6f8e4-0f7e-4b0b-9d44-2b4c5b1e8e51");
        ObjectNode ctx = root.putObject("context");
        ctx.put("userId", userId);
        ctx.put("patientId", patientId);
        context.accept(ctx);
        return new CdsRequestParser(JSON).parse(root.toString().getBytes(StandardCharsets.UTF_8), Hook.PATIENT_VIEW,
                (key, value) -> value.skipChildren());
    }

    private static CdsRequest request(String patientId, String userId) {
        return request(patientId, userId, c -> { });
    }

    private static String render(String query, CdsRequest request) {
        return PrefetchTemplate.optional("key", query).render(request).orElseThrow();
    }

    @Test
    void patientIdTokenUsesTheNormalisedId() {
        CdsRequest request = request("Patient/123", "Practitioner/abc");
        assertThat(render("Condition?patient={{context.patientId}}", request)).isEqualTo("Condition?patient=123");
        assertThat(render("Patient/{{context.patientId}}", request)).isEqualTo("Patient/123");
    }

    @Test
    void userPractitionerIdComesFromAPractitionerUserId() {
        assertThat(render("Practitioner/{{userPractitionerId}}", request("123", "Practitioner/abc")))
                .isEqualTo("Practitioner/abc");
    }

    @Test
    void userPractitionerIdIsEmptyWhenTheUserIsAPractitionerRole() {
        CdsRequest request = request("123", "PractitionerRole/role-1");
        assertThat(PrefetchTemplate.required("me", "Practitioner/{{userPractitionerId}}").render(request)).isEmpty();
        assertThat(render("PractitionerRole/{{userPractitionerRoleId}}", request))
                .isEqualTo("PractitionerRole/role-1");
    }

    @Test
    void practitionerRoleUserDoesNotMatchThePractitionerPrefix() {
        // "PractitionerRole/x" starts with "Practitioner" but not with "Practitioner/".
        assertThat(PrefetchTemplate.optional("me", "{{userPractitionerId}}")
                .render(request("123", "PractitionerRole/x"))).isEmpty();
    }

    @Test
    void userPatientAndRelatedPersonIdsComeFromTheirUserIds() {
        assertThat(render("Patient/{{userPatientId}}", request("123", "Patient/123"))).isEqualTo("Patient/123");
        assertThat(render("RelatedPerson/{{userRelatedPersonId}}", request("123", "RelatedPerson/rp-9")))
                .isEqualTo("RelatedPerson/rp-9");
        assertThat(PrefetchTemplate.optional("k", "{{userPatientId}}").render(request("123", "Practitioner/1")))
                .isEmpty();
    }

    @Test
    void absentEncounterIdRendersNothing() {
        CdsRequest request = request("123", "Practitioner/abc");
        assertThat(PrefetchTemplate.optional("enc", "Encounter/{{context.encounterId}}").render(request)).isEmpty();
    }

    @Test
    void nonStringContextFieldRendersNothing() {
        CdsRequest request = request("123", "Practitioner/abc", c -> {
            c.put("encounterId", 42);
            c.putObject("appointments").put("resourceType", "Bundle");
        });
        assertThat(PrefetchTemplate.optional("enc", "Encounter/{{context.encounterId}}").render(request)).isEmpty();
        assertThat(PrefetchTemplate.optional("a", "Appointment?_id={{context.appointments}}").render(request))
                .isEmpty();
    }

    @Test
    void presentEncounterIdIsRendered() {
        CdsRequest request = request("123", "Practitioner/abc", c -> c.put("encounterId", "enc-7"));
        assertThat(render("Encounter/{{context.encounterId}}", request)).isEqualTo("Encounter/enc-7");
    }

    @Test
    void severalTokensInOneQueryAreAllRendered() {
        CdsRequest request = request("Patient/123", "Practitioner/abc", c -> c.put("encounterId", "enc-7"));
        assertThat(render("Observation?patient={{context.patientId}}&encounter={{context.encounterId}}"
                + "&performer=Practitioner/{{userPractitionerId}}&subject={{context.patientId}}", request))
                .isEqualTo("Observation?patient=123&encounter=enc-7&performer=Practitioner/abc&subject=123");
    }

    @Test
    void oneMissingTokenAmongSeveralRendersNothing() {
        CdsRequest request = request("123", "Practitioner/abc");
        assertThat(PrefetchTemplate.optional("k",
                "Observation?patient={{context.patientId}}&encounter={{context.encounterId}}").render(request))
                .isEmpty();
    }

    @Test
    void whitespaceInsideATokenIsAllowed() {
        assertThat(render("Condition?patient={{ context.patientId }}", request("123", "Practitioner/abc")))
                .isEqualTo("Condition?patient=123");
    }

    @Test
    void unknownTokenRendersNothing() {
        assertThat(PrefetchTemplate.optional("k", "Condition?patient={{patientId}}")
                .render(request("123", "Practitioner/abc"))).isEmpty();
    }

    @Test
    void queryWithoutTokensIsReturnedUnchanged() {
        assertThat(render("Medication?code=http://www.nlm.nih.gov/research/umls/rxnorm|197806",
                request("123", "Practitioner/abc")))
                .isEqualTo("Medication?code=http://www.nlm.nih.gov/research/umls/rxnorm|197806");
    }

    @Test
    void contextValueCannotInjectQueryParametersOrPathSegments() {
        // Only patientId and userId are validated as ids; any other context field is client text that goes into a
        // URL fetched with the EHR's bearer token.
        CdsRequest request = request("123", "Practitioner/abc", c -> c.put("encounterId", "1&_include=*"));
        assertThat(render("Observation?encounter={{context.encounterId}}&patient={{context.patientId}}", request))
                .isEqualTo("Observation?encounter=1%26_include%3D*&patient=123");

        CdsRequest traversal = request("123", "Practitioner/abc", c -> c.put("encounterId", "../Patient?name=x"));
        assertThat(render("Encounter/{{context.encounterId}}", traversal)).doesNotContain("/Patient").doesNotContain("?");
    }

    @Test
    void replacementCharactersInValuesAreLiteral() {
        // '$' and '\' mean something to Matcher.appendReplacement; they must not break or alter rendering.
        CdsRequest request = request("123", "Practitioner/abc", c -> c.put("encounterId", "a$1\\b"));
        assertThat(render("Encounter?_id={{context.encounterId}}", request)).isEqualTo("Encounter?_id=a%241%5Cb");
    }

    @Test
    void factoriesSetTheRequiredFlag() {
        assertThat(PrefetchTemplate.required("k", "Patient/{{context.patientId}}").required()).isTrue();
        assertThat(PrefetchTemplate.optional("k", "Patient/{{context.patientId}}").required()).isFalse();
    }
}
