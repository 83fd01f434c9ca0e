package org.spinecds.server.feedback;

import org.spinecds.server.RequestBodyReader;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/** {@code POST /cds-services/{id}/feedback}: what a clinician did with the service's cards (CDS Hooks 2.0.1). */
@RestController
class FeedbackController {

    private final FeedbackService feedback;
    private final RequestBodyReader bodyReader;

    FeedbackController(FeedbackService feedback, RequestBodyReader bodyReader) {
        this.feedback = feedback;
        this.bodyReader = bodyReader;
    }

    @PostMapping(path = "/cds-services/{id}/feedback")
    ResponseEntity<Void> post(@PathVariable("id") String id, HttpServletRequest request) {
        feedback.accept(id, bodyReader.read(request));
        return ResponseEntity.ok().build();
    }
}
