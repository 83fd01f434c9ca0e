package org.spinecds.cdshooks.knowledge;

import java.util.Collection;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.spinecds.cql.engine.CqlJson;
import org.spinecds.cql.engine.DefineResults;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Define results as the {@code Parameters} that {@code Library/$evaluate} answers: one part per define, named after
 * it. A boolean, integer, decimal or string is that FHIR type, a resource is the resource, and anything else
 * (lists, tuples, dates, quantities, codes) is the {@link CqlJson} rendering the command line and the CQL test cases
 * use: text as a {@code valueString}, and lists and tuples as their JSON in a {@code valueString} marked with the
 * {@value #CQL_JSON} extension, so that a reader can tell a JSON rendering from a string. A null (unknown) result
 * carries no value and the data-absent-reason {@code unknown}.
 */
public final class DefineParameters {

    public static final String CQL_JSON = Canonicals.BASE + "StructureDefinition/cql-json";
    public static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    private DefineParameters() {
    }

    public static Parameters of(DefineResults results, Collection<String> defines) {
        Parameters parameters = new Parameters();
        defines.forEach(define -> parameters.addParameter(part(define, results.value(define))));
        return parameters;
    }

    static ParametersParameterComponent part(String name, Object value) {
        ParametersParameterComponent part = new ParametersParameterComponent().setName(name);
        if (value instanceof Resource resource) {
            return part.setResource(resource);
        }
        JsonNode rendered = CqlJson.toJson(value);
        if (rendered.isNull()) {
            part.addExtension(DATA_ABSENT_REASON, new CodeType("unknown"));
        } else if (rendered.isBoolean()) {
            part.setValue(new BooleanType(rendered.booleanValue()));
        } else if (rendered.isInt()) {
            part.setValue(new IntegerType(rendered.intValue()));
        } else if (rendered.isNumber()) {
            part.setValue(new DecimalType(rendered.decimalValue()));
        } else if (rendered.isTextual()) {
            part.setValue(new StringType(rendered.textValue()));
        } else {
            part.setValue(new StringType(rendered.toString())).addExtension(CQL_JSON, new BooleanType(true));
        }
        return part;
    }
}
