package org.spinecds.cql.engine;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Optional;
import java.util.TimeZone;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Precision;
import org.opencds.cqf.cql.engine.runtime.TemporalHelper;

/**
 * A FHIR dateTime or instant as the CQL DateTime the R4 model resolver makes of it, built straight from the instant
 * and its zone. The resolver builds a {@link Calendar}, prints the fields to text and parses the text again: a tenth
 * of the rules' CPU on a list of dated observations. The result is equal in every field the engine compares (zone
 * offset, rounded to whole minutes as the engine rounds it; precision; fields below the precision at their minimum),
 * which {@code FhirDateTimesTest} checks against the resolver's own conversion.
 */
final class FhirDateTimes {

    /**
     * Before the Gregorian reform the resolver's calendar and java.time count days differently, and where the two
     * disagree on a zone's offset at that moment (local mean time before a zone's first rule) they read different
     * fields: both are left to the resolver.
     */
    private static final int FIRST_SAFE_YEAR = 1600;

    private FhirDateTimes() {
    }

    /** The CQL DateTime, or empty when the resolver's own conversion should decide (an old date, an odd precision). */
    static Optional<DateTime> of(BaseDateTimeType value, int calendarConstant) {
        Precision precision = precisionOf(calendarConstant);
        if (precision == null || value.getValue() == null) {
            return Optional.empty();
        }
        TimeZone zone = value.getTimeZone() != null ? value.getTimeZone() : TimeZone.getDefault();
        long epochMillis = value.getValue().getTime();
        ZonedDateTime local = value.getValue().toInstant().atZone(zone.toZoneId());
        if (local.getYear() < FIRST_SAFE_YEAR
                || zone.getOffset(epochMillis) != local.getOffset().getTotalSeconds() * 1000L) {
            return Optional.empty();
        }
        return Optional.of(new DateTime(OffsetDateTime.of(local.getYear(),
                atLeast(precision, Precision.MONTH) ? local.getMonthValue() : 1,
                atLeast(precision, Precision.DAY) ? local.getDayOfMonth() : 1,
                atLeast(precision, Precision.HOUR) ? local.getHour() : 0,
                atLeast(precision, Precision.MINUTE) ? local.getMinute() : 0,
                atLeast(precision, Precision.SECOND) ? local.getSecond() : 0,
                atLeast(precision, Precision.MILLISECOND) ? local.getNano() / 1_000_000 * 1_000_000 : 0,
                asTheEngineRoundsIt(local.getOffset())), precision));
    }

    private static Precision precisionOf(int calendarConstant) {
        return switch (calendarConstant) {
            case Calendar.YEAR -> Precision.YEAR;
            case Calendar.MONTH -> Precision.MONTH;
            case Calendar.DAY_OF_MONTH -> Precision.DAY;
            case Calendar.HOUR_OF_DAY -> Precision.HOUR;
            case Calendar.MINUTE -> Precision.MINUTE;
            case Calendar.SECOND -> Precision.SECOND;
            case Calendar.MILLISECOND -> Precision.MILLISECOND;
            default -> null;
        };
    }

    private static boolean atLeast(Precision precision, Precision field) {
        return precision.toDateTimeIndex() >= field.toDateTimeIndex();
    }

    /** The engine passes the offset as decimal hours (through a float) and takes whole hours and minutes back. */
    private static ZoneOffset asTheEngineRoundsIt(ZoneOffset offset) {
        BigDecimal hours = TemporalHelper.zoneToOffset(offset);
        return ZoneOffset.ofHoursMinutes(hours.intValue(),
                BigDecimal.valueOf(60).multiply(hours.remainder(BigDecimal.ONE)).intValue());
    }
}
