package org.spinecds.cdshooks;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.context.FhirContext;

/** FHIR OperationOutcome bodies for every non-2xx answer (CDS Hooks 3.0 ballot, 2.6), never a stack trace. */
public final class OperationOutcomes {

    private final FhirContext fhirContext;

    public OperationOutcomes(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    public String json(String issueType, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(IssueType.fromCode(issueType))
                .setDiagnostics(message);
        return fhirContext.newJsonParser().encodeResourceToString(outcome);
    }
}
