package org.spinecds.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.knowledge.DefineParameters;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.CqlJson;
import org.spinecds.cql.engine.DefineResults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * {@code Library/$evaluate} where it is enabled (as in the local profile): for the CQL test cases' patients every
 * define has the value the engine gives the services, and every wrong request is a 4xx OperationOutcome that
 * neither answers nor logs the patient's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spinecds.knowledge.evaluate-enabled=true")
@ExtendWith(OutputCaptureExtension.class)
class LibraryEvaluateHttpTest {

    private static final Path CASES = Path.of("..", "cql", "src", "test", "resources", "tests");
    private static final String NOW = "2026-11-25T10:00:00Z";

    @LocalServerPort
    int port;

    @Autowired
    CqlEvaluator evaluator;

    @ParameterizedTest
    @CsvSource({
        "BackRedFlags, BackRedFlags/retention-with-radiculopathy-fires-cauda-equina",
        "OtcAnalgesicSafety, OtcAnalgesicSafety/warfarin-ibuprofen-order-avoid",
        "BackParesthesiaPatientView, BackParesthesiaPatientView/lumbar-radiculopathy-with-tingling-fires-lumbar-pt",
        "BackContext, BackParesthesiaPatientView/lumbar-stenosis-with-tingling-forward-bend"
    })
    void everyDefineHasTheValueTheEngineGivesTheServices(String library, String patientCase) throws Exception {
        Bundle bundle = bundle(patientCase);

        Parameters answer = evaluate(library, request(bundle));

        DefineResults expected = evaluator.evaluate(library, patientData(bundle), Map.of(), ZonedDateTime.parse(NOW));
        Map<String, JsonNode> actual = new LinkedHashMap<>();
        for (ParametersParameterComponent part : answer.getParameter()) {
            actual.put(part.getName(), decode(part));
        }
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.names());
        for (String define : expected.names()) {
            assertThat(actual.get(define)).as("%s.\"%s\"", library, define)
                    .isEqualTo(CqlJson.toJson(expected.value(define)));
        }
    }

    @Test
    void expressionNarrowsTheAnswerToTheDefinesNamed() throws Exception {
        Parameters request = request(bundle("BackRedFlags/retention-with-radiculopathy-fires-cauda-equina"));
        request.addParameter("expression", new StringType("Has Cauda Equina Red Flag"));
        request.addParameter("expression", new StringType("Cauda Equina Findings"));

        Parameters answer = evaluate("BackRedFlags", request);

        assertThat(answer.getParameter()).extracting(ParametersParameterComponent::getName)
                .containsExactly("Has Cauda Equina Red Flag", "Cauda Equina Findings");
        assertThat(answer.getParameterFirstRep().getValue().primitiveValue()).isEqualTo("true");
    }

    @Test
    void theCapabilityStatementNamesEvaluate() throws Exception {
        CapabilityStatement capabilities = new FhirHttp(port).read("metadata", CapabilityStatement.class);

        assertThat(capabilities.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("Library"))
                .flatExtracting(r -> r.getOperation()).extracting(o -> o.getName()).contains("evaluate");
    }

    @Test
    void wrongRequestsAreRefusedWithoutEchoingOrLoggingPatientData(CapturedOutput output) throws Exception {
        Bundle bundle = bundle("BackRedFlags/retention-with-radiculopathy-fires-cauda-equina");
        Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
        String secret = "Zyxwvutsrq";
        patient.addName().setFamily(secret);
        String withName = FhirHttp.FHIR.newJsonParser().encodeResourceToString(request(bundle));

        Parameters twoPatients = request(bundle);
        ((Bundle) twoPatients.getParameter("data").getResource()).addEntry()
                .setResource(new Patient().setId("second"));
        Parameters unknownDefine = request(bundle);
        unknownDefine.addParameter("expression", new StringType("No Such Define"));
        Parameters cqlParameters = request(bundle);
        cqlParameters.addParameter().setName("parameters")
                .setResource(new Parameters().addParameter("Fever Threshold Celsius", new DecimalType(37)));
        Parameters serverData = request(bundle).addParameter("useServerData", true);
        Parameters wrongSubject = request(bundle).addParameter("subject", new StringType("Patient/someone-else"));

        assertRefused("BackRedFlags", "{\"resourceType\":\"Parameters\"}", 400);
        assertRefused("BackRedFlags", encode(twoPatients), 400);
        assertRefused("BackRedFlags", encode(unknownDefine), 400);
        assertRefused("BackRedFlags", encode(cqlParameters), 400);
        assertRefused("BackRedFlags", encode(serverData), 400);
        assertRefused("BackRedFlags", encode(wrongSubject), 400);
        assertRefused("BackRedFlags", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"data\"," + secret, 400);
        assertRefused("BackRedFlags", withName.replace("\"1981-04-12\"", "\"1981-04-12x\""), 400);
        assertRefused("NoSuchLibrary", withName, 404);

        assertThat(output.getAll()).doesNotContain(secret).doesNotContain("1981-04-12");
    }

    private void assertRefused(String library, String body, int status) throws Exception {
        var response = new FhirHttp(port).send("POST", "Library/" + library + "/$evaluate", body);

        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(FhirHttp.parse(OperationOutcome.class, response.body()).getIssue()).isNotEmpty();
        assertThat(response.body()).doesNotContain("Zyxwvutsrq").doesNotContain("1981-04-12")
                .doesNotContain("\tat ");
    }

    private Parameters evaluate(String library, Parameters request) throws Exception {
        var response = new FhirHttp(port).send("POST", "Library/" + library + "/$evaluate", encode(request));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return FhirHttp.parse(Parameters.class, response.body());
    }

    private static Parameters request(Bundle bundle) {
        Parameters request = new Parameters();
        request.addParameter().setName("data").setResource(bundle.copy());
        request.addParameter("evaluationDateTime", new DateTimeType(NOW));
        return request;
    }

    private static Bundle bundle(String patientCase) throws Exception {
        return FhirHttp.parse(Bundle.class, Files.readString(CASES.resolve(patientCase).resolve("patient.json")));
    }

    private static String encode(Parameters parameters) {
        return FhirHttp.FHIR.newJsonParser().encodeResourceToString(parameters);
    }

    private static PatientData patientData(Bundle bundle) {
        List<IBaseResource> resources = bundle.getEntry().stream().map(e -> (IBaseResource) e.getResource()).toList();
        String patientId = resources.stream().filter(r -> r instanceof Patient).findFirst().orElseThrow()
                .getIdElement().getIdPart();
        return PatientData.of(patientId, resources);
    }

    /** A part read back as the {@link CqlJson} rendering it stands for (the contract of {@link DefineParameters}). */
    private static JsonNode decode(ParametersParameterComponent part) throws Exception {
        if (part.hasResource()) {
            return TextNode.valueOf(part.getResource().fhirType() + "/" + part.getResource().getIdElement().getIdPart());
        }
        if (!part.hasValue()) {
            assertThat(part.getExtensionByUrl(DefineParameters.DATA_ABSENT_REASON)).isNotNull();
            return NullNode.getInstance();
        }
        if (part.getExtensionByUrl(DefineParameters.CQL_JSON) != null) {
            return CdsJson.mapper().readTree(part.getValue().primitiveValue());
        }
        return switch (part.getValue().fhirType()) {
            case "boolean" -> BooleanNode.valueOf(Boolean.parseBoolean(part.getValue().primitiveValue()));
            case "integer" -> IntNode.valueOf(Integer.parseInt(part.getValue().primitiveValue()));
            case "decimal" -> DecimalNode.valueOf(new BigDecimal(part.getValue().primitiveValue()));
            default -> TextNode.valueOf(part.getValue().primitiveValue());
        };
    }
}
