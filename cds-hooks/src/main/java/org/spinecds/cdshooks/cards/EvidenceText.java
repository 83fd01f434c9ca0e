package org.spinecds.cdshooks.cards;

import java.util.Optional;

import java.util.List;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * One line per record that made a card fire, in the clinician's terms: the code and its display, the value and
 * the date ("M54.16 Radiculopathy, lumbar region, since 2026-09-02"; "Pain severity 8 /10 on 2026-11-20").
 */
final class EvidenceText {

    private static final String ISO_DAY = "yyyy-MM-dd";

    private EvidenceText() {
    }

    static String describe(Object resource) {
        if (resource instanceof Condition condition) {
            return concept(condition.getCode()) + ", " + conditionDate(condition);
        }
        if (resource instanceof Observation observation) {
            return concept(observation.getCode()) + ": " + value(observation.getValue())
                    + date(observation.getEffective()).map(d -> " on " + d).orElse(", date not recorded");
        }
        if (resource instanceof ServiceRequest request) {
            return concept(request.getCode()) + " (" + request.getStatus().toCode() + ")"
                    + date(request.getAuthoredOnElement()).map(d -> ", ordered " + d).orElse("");
        }
        if (resource instanceof MedicationRequest request) {
            return medication(request.getMedication(), request.getContained()) + " (" + request.getStatus().toCode()
                    + (request.getStatus() == MedicationRequest.MedicationRequestStatus.DRAFT ? " order" : " prescription")
                    + ")" + dosage(request.getDosageInstruction());
        }
        if (resource instanceof MedicationStatement statement) {
            return medication(statement.getMedication(), statement.getContained()) + " (taking, "
                    + statement.getStatus().toCode() + ")" + dosage(statement.getDosage());
        }
        if (resource instanceof MedicationDispense dispense) {
            return medication(dispense.getMedication(), dispense.getContained()) + " (dispensed"
                    + date(dispense.getWhenHandedOverElement()).map(d -> " " + d).orElse("") + ")";
        }
        if (resource instanceof AllergyIntolerance allergy) {
            return "Allergy: " + concept(allergy.getCode())
                    + date(allergy.getRecordedDateElement()).map(d -> ", recorded " + d).orElse("");
        }
        if (resource instanceof Procedure procedure) {
            return concept(procedure.getCode()) + " (" + procedure.getStatus().toCode() + ")"
                    + date(procedure.getPerformed()).map(d -> ", " + d).orElse("");
        }
        return resource.getClass().getSimpleName();
    }

    // A referenced Medication is named by its reference here: its code is in the Medication, listed alongside.
    private static String medication(Type medication, List<Resource> contained) {
        if (medication instanceof CodeableConcept concept) {
            return concept(concept);
        }
        if (medication instanceof Reference reference) {
            for (Resource resource : contained) {
                if (resource instanceof Medication med && reference.getReference() != null
                        && reference.getReference().equals("#" + med.getIdElement().getIdPart())) {
                    return concept(med.getCode());
                }
            }
            return InertText.of(reference.hasDisplay() ? reference.getDisplay() : "medication " + reference.getReference());
        }
        return "unnamed medication";
    }

    private static String dosage(List<Dosage> dosages) {
        return dosages.isEmpty() || !dosages.get(0).hasText() ? "" : ": " + InertText.of(dosages.get(0).getText());
    }

    private static String conditionDate(Condition condition) {
        return date(condition.getOnset()).map(d -> "since " + d)
                .or(() -> date(condition.getRecordedDateElement()).map(d -> "recorded " + d))
                .orElse("onset not recorded");
    }

    static String concept(CodeableConcept concept) {
        for (Coding coding : concept.getCoding()) {
            if (coding.hasCode()) {
                return InertText.of(coding.hasDisplay() ? coding.getCode() + " " + coding.getDisplay() : coding.getCode());
            }
        }
        return concept.hasText() ? InertText.of(concept.getText()) : "uncoded entry";
    }

    private static String value(Type value) {
        if (value instanceof Quantity quantity && quantity.hasValue()) {
            String number = quantity.getValue().stripTrailingZeros().toPlainString();
            String unit = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
            // UCUM annotations such as {score} are not units a clinician reads.
            return unit == null || unit.startsWith("{") ? number : number + " " + InertText.of(unit);
        }
        if (value instanceof IntegerType integer) {
            return integer.getValueAsString();
        }
        if (value instanceof CodeableConcept concept) {
            return concept(concept);
        }
        if (value instanceof StringType text) {
            return InertText.of(text.getValue());
        }
        return "no value";
    }

    private static Optional<String> date(Type when) {
        if (when instanceof BaseDateTimeType dateTime && dateTime.hasValue()) {
            // The day as the record gives it, in its own offset: its ISO text up to the time, not a cut of free text.
            String text = dateTime.getValueAsString();
            return Optional.of(text.length() > ISO_DAY.length() ? text.substring(0, ISO_DAY.length()) : text);
        }
        if (when instanceof Period period) {
            return date(period.getStartElement());
        }
        return Optional.empty();
    }
}
