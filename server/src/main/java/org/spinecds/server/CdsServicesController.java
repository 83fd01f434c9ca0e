package org.spinecds.server;

import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;

/** CDS Hooks over HTTP: discovery and service calls. The protocol itself lives in {@link CdsHooksApi}. */
@RestController
class CdsServicesController {

    private final CdsHooksApi api;
    private final ObjectMapper json;
    private final RequestBodyReader bodyReader;
    private final RequestAdmission admission;

    CdsServicesController(CdsHooksApi api, ObjectMapper cdsJsonMapper, RequestBodyReader bodyReader,
            RequestAdmission admission) {
        this.api = api;
        this.json = cdsJsonMapper;
        this.bodyReader = bodyReader;
        this.admission = admission;
    }

    @GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> discovery() {
        return ResponseEntity.ok(CdsJson.write(json, api.discovery()));
    }

    @PostMapping(path = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> call(@PathVariable("id") String id, HttpServletRequest request) throws InterruptedException {
        // The body is read inside the admission too: large bodies count against the limit while they are read.
        return admission.admit(() -> ResponseEntity.ok(CdsJson.write(json, api.call(id, bodyReader.read(request)))));
    }
}
