package org.spinecds.server.web;

import java.io.IOException;

import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.server.RequestBodyReader;
import org.spinecds.server.cli.PatientBundleRequest;
import org.spinecds.server.security.PageTokens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the clinician page needs from the server besides the CDS Hooks calls themselves: a token for the one call it
 * is about to make ({@code POST /page/token}), and a patient's Bundle made into a request for a hook
 * ({@code POST /page/request?hook=…}), the same way the {@code evaluate} command makes it. Both take JSON only, so a
 * page on another origin cannot send them without a CORS preflight, which this server does not grant for
 * {@code /page}. Nothing here is stored or logged.
 */
@RestController
@ConditionalOnProperty(name = PageConfiguration.ENABLED, havingValue = "true")
class PageController {

    private static final String PAGE_USER = "Practitioner/clinician-page";

    private final PageTokens tokens;
    private final RequestBodyReader bodyReader;
    private final ObjectMapper json;

    PageController(PageTokens tokens, RequestBodyReader bodyReader, ObjectMapper cdsJsonMapper) {
        this.tokens = tokens;
        this.bodyReader = bodyReader;
        this.json = cdsJsonMapper;
    }

    /** {@code {"path": "/cds-services/back-paresthesia"}} → {@code {"token": "…"}}. */
    @PostMapping(path = "/page/token", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> token(HttpServletRequest request) {
        String path = body(request).path("path").asText(null);
        String token = tokens.forPath(path).orElseThrow(() -> CdsHooksException.badRequest("invalid",
                "The page is given tokens for /cds-services, its services, their feedback and /feedback/statistics"));
        return ResponseEntity.ok(CdsJson.write(json, json.createObjectNode().put("token", token)));
    }

    /** A FHIR Bundle → {@code {"service": "<id>", "request": {…}}}, the request ready to be posted. */
    @PostMapping(path = "/page/request", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/fhir+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> request(@RequestParam("hook") String hook, HttpServletRequest request) {
        JsonNode bundle = body(request);
        if (!"Bundle".equals(bundle.path("resourceType").asText())) {
            throw CdsHooksException.badRequest("invalid", "Paste a FHIR Bundle (resourceType \"Bundle\")");
        }
        try {
            CatalogueCdsService.Definition service = PatientBundleRequest.service(hook);
            ObjectNode answer = json.createObjectNode().put("service", service.id());
            answer.set("request", PatientBundleRequest.of(json, service, bundle, PAGE_USER));
            return ResponseEntity.ok(CdsJson.write(json, answer));
        } catch (IllegalArgumentException e) {
            throw CdsHooksException.badRequest("invalid", e.getMessage());
        }
    }

    private JsonNode body(HttpServletRequest request) {
        try {
            JsonNode body = json.readTree(bodyReader.read(request));
            if (body == null || !body.isObject()) {
                throw CdsHooksException.badRequest("structure", "The body is not a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw CdsHooksException.badRequest("structure", "The body is not JSON");
        }
    }
}
