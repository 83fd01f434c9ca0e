package org.spinecds.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.CqlJson;
import org.spinecds.cql.engine.DefineResults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * {@code java -jar spinecds-server.jar evaluate --hook patient-view [--json | --defines] [--now 2026-11-25T10:00:00Z]
 * patient-bundle.json}: the cards the service would answer for a patient's FHIR Bundle (text by default, the CDS
 * Hooks response with {@code --json}, the value of every define of the service's libraries with {@code --defines}).
 * The tool a knowledge engineer uses while editing CQL; it starts no web server and sends nothing anywhere.
 */
public final class EvaluateCommand {

    private static final ObjectMapper JSON = CdsJson.mapper();

    private EvaluateCommand() {
    }

    public static void main(String[] args) throws IOException {
        run(args, System.out); // the command's output: the cards, or the defines
    }

    static void run(String[] args, PrintStream out) throws IOException {
        String hook = "patient-view";
        String format = "text";
        Instant now = Instant.now();
        Path bundleFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hook" -> hook = args[++i];
                case "--json" -> format = "json";
                case "--defines" -> format = "defines";
                case "--now" -> now = Instant.parse(args[++i]);
                default -> bundleFile = Path.of(args[i]);
            }
        }
        if (bundleFile == null) {
            throw new IllegalArgumentException("Usage: evaluate --hook patient-view|order-select|order-sign"
                    + " [--json|--defines] [--now INSTANT] patient-bundle.json");
        }
        CatalogueCdsService.Definition service = PatientBundleRequest.service(hook);
        CqlEvaluator evaluator = CqlEvaluator.create();
        FhirContext fhir = FhirContext.forR4();
        ObjectNode request = PatientBundleRequest.of(JSON, service, JSON.readTree(Files.readString(bundleFile)),
                "Practitioner/command-line");
        if (format.equals("defines")) {
            printDefines(out, evaluator, fhir, service, request, now);
            return;
        }
        CdsHooksApi api = CdsHooksAssembly.assemble(evaluator, fhir, JSON, Clock.fixed(now, ZoneOffset.UTC),
                IdGenerator.random(), Optional.empty());
        try {
            CdsResponse response = api.call(service.id(), request.toString().getBytes(StandardCharsets.UTF_8));
            out.println(format.equals("json") ? pretty(response) : text(response));
        } catch (CdsHooksException e) {
            out.println("Refused: " + e.status() + " " + e.getMessage());
        }
    }

    private static String text(CdsResponse response) {
        if (response.cards().isEmpty()) {
            return "No cards.";
        }
        StringBuilder text = new StringBuilder();
        for (Card card : response.cards()) {
            text.append(card.indicator().code().toUpperCase()).append("  ").append(card.summary())
                    .append("  [").append(card.extension().get(Card.CARD_ID_EXTENSION)).append("]\n");
            if (card.detail() != null) {
                card.detail().lines().forEach(line -> text.append("    ").append(line).append('\n'));
            }
            if (card.suggestions() != null) {
                card.suggestions().forEach(s -> text.append("    -> ").append(s.label()).append('\n'));
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static void printDefines(PrintStream out, CqlEvaluator evaluator, FhirContext fhir,
            CatalogueCdsService.Definition service, ObjectNode request, Instant now) throws IOException {
        List<IBaseResource> resources = new ArrayList<>();
        List<String> drafts = new ArrayList<>();
        for (JsonNode value : request.get("prefetch")) {
            add(fhir.newJsonParser().parseResource(value.toString()), resources);
        }
        JsonNode draftOrders = request.get("context").get("draftOrders");
        if (draftOrders != null) {
            add(fhir.newJsonParser().parseResource(draftOrders.toString()), resources);
            draftOrders.path("entry").forEach(e -> drafts.add(e.path("resource").path("id").asText()));
        }
        // The order hooks judge their drafts (Decision 8); patient-view the medication list.
        Map<String, Object> parameters = service.hook().id().startsWith("order-")
                ? Map.of("Judges Draft Orders", true, "Judged Order Ids", drafts) : Map.of();
        String patientId = request.get("context").get("patientId").asText();
        Map<String, DefineResults> results = evaluator.evaluate(service.libraries(),
                PatientData.of(patientId, resources), parameters, ZonedDateTime.ofInstant(now, ZoneOffset.UTC));
        ObjectNode all = JSON.createObjectNode();
        results.forEach((library, defines) -> {
            ObjectNode values = all.putObject(library);
            defines.names().forEach(name -> values.set(name, CqlJson.toJson(defines.value(name))));
        });
        out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
    }

    private static void add(IBaseResource resource, List<IBaseResource> resources) {
        if (resource instanceof Bundle bundle) {
            bundle.getEntry().forEach(entry -> resources.add(entry.getResource()));
        } else {
            resources.add(resource);
        }
    }

    private static String pretty(CdsResponse response) throws IOException {
        return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(response);
    }
}
