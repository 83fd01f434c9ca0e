package org.spinecds.server.feedback;

import org.spinecds.cdshooks.CdsJson;
import org.spinecds.server.RequestBodyReader;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /cds-services/{id}/feedback}: what a clinician did with the service's cards (CDS Hooks 2.0.1);
 * {@code GET /feedback/statistics}: what clinicians did with each card kind, without patient data.
 */
@RestController
class FeedbackController {

    private final FeedbackService feedback;
    private final FeedbackStatistics statistics;
    private final RequestBodyReader bodyReader;
    private final ObjectMapper json;

    FeedbackController(FeedbackService feedback, FeedbackStatistics statistics, RequestBodyReader bodyReader,
            ObjectMapper cdsJsonMapper) {
        this.feedback = feedback;
        this.statistics = statistics;
        this.bodyReader = bodyReader;
        this.json = cdsJsonMapper;
    }

    @PostMapping(path = "/cds-services/{id}/feedback")
    ResponseEntity<Void> post(@PathVariable("id") String id, HttpServletRequest request) {
        feedback.accept(id, bodyReader.read(request));
        return ResponseEntity.ok().build();
    }

    @GetMapping(path = "/feedback/statistics", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> statistics() {
        return ResponseEntity.ok(CdsJson.write(json, statistics.all()));
    }
}
