package org.spinecds.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.service.CatalogueCdsService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CDS Hooks request built from a patient's FHIR Bundle, as an EHR would send it: the Patient as {@code patient},
 * each search key answered with the Bundle's resources of its type; for the order hooks, the Bundle's draft
 * MedicationRequests as {@code draftOrders}, all of them selected. Used by the {@code evaluate} command and by the
 * clinician page, so that a pasted Bundle becomes the same request in both.
 */
public final class PatientBundleRequest {

    private PatientBundleRequest() {
    }

    /** The service that answers this hook; an {@link IllegalArgumentException} names a hook none answers. */
    public static CatalogueCdsService.Definition service(String hook) {
        return CdsHooksAssembly.serviceDefinitions().stream().filter(d -> d.hook().id().equals(hook)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service answers the hook '" + hook + "'"));
    }

    /**
     * The request; {@code userId} is the {@code context.userId} the caller stands for. An
     * {@link IllegalArgumentException} says what the Bundle lacks.
     */
    public static ObjectNode of(ObjectMapper json, CatalogueCdsService.Definition service, JsonNode bundle,
            String userId) {
        List<JsonNode> resources = new ArrayList<>();
        bundle.path("entry").forEach(entry -> {
            if (entry.has("resource")) {
                resources.add(entry.get("resource"));
            }
        });
        JsonNode patient = resources.stream().filter(r -> "Patient".equals(type(r))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The Bundle has no Patient"));
        ObjectNode request = json.createObjectNode()
                .put("hook", service.hook().id())
                .put("hookInstance", UUID.randomUUID().toString());
        ObjectNode context = request.putObject("context").put("userId", userId)
                .put("patientId", patient.path("id").asText());
        ObjectNode prefetch = request.putObject("prefetch");
        List<JsonNode> drafts = resources.stream()
                .filter(r -> "MedicationRequest".equals(type(r)) && "draft".equals(r.path("status").asText())).toList();
        for (PrefetchTemplate template : service.prefetch()) {
            String type = template.query().split("[/?]")[0];
            if (template.query().startsWith(type + "/")) {
                prefetch.set(template.key(), patient);
            } else {
                ArrayNode entries = prefetch.putObject(template.key()).put("resourceType", "Bundle")
                        .put("type", "searchset").putArray("entry");
                resources.stream().filter(r -> type.equals(type(r)) && !drafts.contains(r))
                        .forEach(r -> entries.addObject().set("resource", r));
            }
        }
        if (service.hook().id().startsWith("order-")) {
            if (drafts.isEmpty()) {
                throw new IllegalArgumentException("The Bundle has no draft MedicationRequest to order");
            }
            ArrayNode entries = context.putObject("draftOrders").put("resourceType", "Bundle").put("type", "collection")
                    .putArray("entry");
            ArrayNode selections = context.putArray("selections");
            drafts.forEach(draft -> {
                entries.addObject().set("resource", draft);
                selections.add("MedicationRequest/" + draft.path("id").asText());
            });
        }
        return request;
    }

    private static String type(JsonNode resource) {
        return resource.path("resourceType").asText();
    }
}
