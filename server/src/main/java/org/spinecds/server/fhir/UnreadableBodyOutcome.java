package org.spinecds.server.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * HAPI's answer to a body it cannot parse quotes the offending value ({@code Invalid attribute value "1981-04-12x"})
 * in the OperationOutcome and in its log line: patient data, for {@code $evaluate}. This replaces that exception, before
 * HAPI logs or writes it, by one that says only that the body is not valid FHIR.
 */
@Interceptor
final class UnreadableBodyOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(UnreadableBodyOutcome.class);
    /** HAPI's message code for "Failed to parse request body". */
    private static final String PARSE_FAILURE = Msg.code(450);
    static final String MESSAGE = "The request body is not a valid FHIR JSON or XML resource";

    @Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = Integer.MIN_VALUE)
    public BaseServerResponseException replace(Throwable exception) {
        if (!(exception instanceof InvalidRequestException) || exception.getMessage() == null
                || !exception.getMessage().startsWith(PARSE_FAILURE)) {
            return null;
        }
        LOG.warn("Refused a knowledge server request: 400 unreadable body (details withheld: they may quote patient data)");
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.STRUCTURE).setDiagnostics(MESSAGE);
        return new InvalidRequestException(MESSAGE, outcome);
    }
}
