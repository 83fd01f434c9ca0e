package org.spinecds.cdshooks.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Card urgency, as CDS Hooks 2.0 defines it (the 1.0 "hard-stop" is gone); declared from least to most urgent. */
public enum Indicator {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String code() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Indicator fromCode(String code) {
        return valueOf(code.toUpperCase());
    }
}
