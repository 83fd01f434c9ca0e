package org.spinecds.cdshooks;

/**
 * A request the service cannot answer, with the HTTP status and FHIR issue type to report it under. Messages are
 * written for the integrator reading the OperationOutcome: they name fields and keys, never patient data.
 */
public class CdsHooksException extends RuntimeException {

    private final int status;
    private final String issueType;

    public CdsHooksException(int status, String issueType, String message) {
        super(message);
        this.status = status;
        this.issueType = issueType;
    }

    public static CdsHooksException badRequest(String issueType, String message) {
        return new CdsHooksException(400, issueType, message);
    }

    public int status() {
        return status;
    }

    /** A code from http://hl7.org/fhir/issue-type, e.g. {@code structure}, {@code required}, {@code invalid}. */
    public String issueType() {
        return issueType;
    }
}
