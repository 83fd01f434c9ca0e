package org.spinecds.server.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.LogText;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * Every error of the knowledge server becomes an OperationOutcome here, before HAPI would log or write it itself:
 * HAPI's answer to a body it cannot parse quotes the offending value ({@code Invalid attribute value "1981-04-12x"}),
 * patient data for {@code $evaluate}, so it is replaced by one that says only that the body is not valid FHIR; a
 * refusal is logged on one line, its client text made safe; a failure is answered without its message (an engine's
 * message can quote record values) and logged without messages.
 */
@Interceptor
final class KnowledgeServerErrors {

    static final String UNREADABLE = "The request body is not a valid FHIR JSON or XML resource";
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeServerErrors.class);
    /** HAPI's message code for "Failed to parse request body". */
    private static final String PARSE_FAILURE = Msg.code(450);

    @Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = Integer.MIN_VALUE)
    public BaseServerResponseException outcome(Throwable exception) {
        if (exception instanceof BaseServerResponseException refusal && refusal.getStatusCode() < 500) {
            String message = isParseFailure(refusal) ? UNREADABLE : refusal.getMessage();
            LOG.warn("Refused a knowledge server request: {} {}", refusal.getStatusCode(), LogText.safe(message));
            if (isParseFailure(refusal)) {
                return new InvalidRequestException(UNREADABLE, outcome(IssueType.STRUCTURE, UNREADABLE));
            }
            refusal.setOperationOutcome(outcome(IssueType.PROCESSING, message));
            return refusal;
        }
        LOG.error("The knowledge server failed to answer", LogText.withoutMessages(exception));
        String message = "The server could not answer this request";
        InternalErrorException failure = new InternalErrorException(message);
        failure.setOperationOutcome(outcome(IssueType.EXCEPTION, message));
        return failure;
    }

    private static boolean isParseFailure(BaseServerResponseException refusal) {
        return refusal instanceof InvalidRequestException && refusal.getMessage() != null
                && refusal.getMessage().startsWith(PARSE_FAILURE);
    }

    private static OperationOutcome outcome(IssueType type, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
        return outcome;
    }
}
