package org.spinecds.server;

import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.LogText;
import org.spinecds.cdshooks.OperationOutcomes;
import org.spinecds.server.ops.CallMetrics;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure becomes an OperationOutcome with the right status; no stack trace or exception text reaches the
 * client, and nothing from the request body reaches the log.
 */
@RestControllerAdvice
class CdsErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CdsErrorHandler.class);
    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final OperationOutcomes outcomes;
    private final CallMetrics metrics;

    CdsErrorHandler(OperationOutcomes outcomes, CallMetrics metrics) {
        this.outcomes = outcomes;
        this.metrics = metrics;
    }

    @ExceptionHandler(CdsHooksException.class)
    ResponseEntity<String> cdsHooks(CdsHooksException e) {
        LOG.info("Refused a CDS Hooks call: {} {}", e.status(), LogText.safe(e.getMessage()));
        metrics.refused(e.status());
        return outcome(HttpStatusCode.valueOf(e.status()), e.issueType(), e.getMessage());
    }

    @ExceptionHandler(RequestAdmission.ServiceBusyException.class)
    ResponseEntity<String> busy(RequestAdmission.ServiceBusyException e) {
        LOG.warn("Refused a CDS Hooks call: 503, every place is taken");
        metrics.refused(503);
        return ResponseEntity.status(503).contentType(FHIR_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(outcomes.json("transient", e.getMessage()));
    }

    /** The database is away: what needs it is refused for now; hook calls are answered without it. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<String> databaseAway(DataAccessException e) {
        LOG.warn("Refused a call: 503, the database failed (messages left out)", LogText.withoutMessages(e));
        metrics.refused(503);
        return outcome(HttpStatusCode.valueOf(503), "transient", "The service's database is unavailable; try again later");
    }

    /** A client that stopped sending its body: nothing to answer it with but a 400. */
    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<String> unreadable(UncheckedIOException e) {
        LOG.info("Refused a CDS Hooks call: 400, the body could not be read");
        metrics.refused(400);
        return outcome(HttpStatusCode.valueOf(400), "invalid", "The request body could not be read");
    }

    /**
     * Spring MVC's own refusals (unknown path, wrong method, unsupported media type: all {@link ErrorResponse}s)
     * keep their status; anything else is an internal error.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<String> other(Exception e) {
        if (e instanceof ErrorResponse refusal) {
            HttpStatusCode status = refusal.getStatusCode();
            String type = status.value() == 404 ? "not-found" : status.value() == 405 ? "not-supported" : "invalid";
            return outcome(status, type, "The request was refused: " + status);
        }
        LOG.error("Unexpected failure (messages left out: they can quote record values)", LogText.withoutMessages(e));
        return outcome(HttpStatusCode.valueOf(500), "exception", "The service failed to process the request");
    }

    private ResponseEntity<String> outcome(HttpStatusCode status, String issueType, String message) {
        return ResponseEntity.status(status).contentType(FHIR_JSON).body(outcomes.json(issueType, message));
    }
}
