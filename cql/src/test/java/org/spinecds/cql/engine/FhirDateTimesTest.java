package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.DateTime;

/**
 * A FHIR dateTime or instant becomes the same CQL DateTime as the stock resolver makes of it: every precision, zones
 * with odd offsets, daylight-saving gaps and overlaps, dates without a zone read in several default zones.
 */
class FhirDateTimesTest {

    private static final List<String> DATE_TIMES = List.of("2026", "2026-03", "2026-03-29", "2024-02-29",
            "2026-03-29T01:30:00Z", "2026-03-29T02:30:00+02:00", "2026-10-25T02:30:00+01:00",
            "2026-11-01T01:30:00-05:00", "2026-11-01T01:30:00-04:00", "2024-02-29T23:59:59.999-03:30",
            "2026-07-01T12:00:00+05:45", "2026-07-01T12:00:00.1+14:00", "2026-07-01T12:00:00.123456+12:45",
            "2026-12-31T23:59:59-12:00", "1601-01-01", "1601-01-01T00:00:00Z", "1850-06-01T00:00:00+00:00",
            "1582-10-15", "1500-06-01", "9999-12-31T23:59:59Z", "2026-01-05T08:00:00.000Z");
    private static final List<String> INSTANTS = List.of("2026-03-29T01:30:00Z", "2026-07-01T12:00:00.123+05:45",
            "2024-02-29T23:59:59.999-03:30", "2026-11-01T01:30:00-05:00");
    private static final List<String> DEFAULT_ZONES = List.of("UTC", "America/New_York", "Europe/Berlin",
            "Asia/Kathmandu", "Pacific/Chatham", "Africa/Monrovia");

    private final R4FhirModelResolver stock = new R4FhirModelResolver();
    private final CachingR4ModelResolver resolver = new CachingR4ModelResolver();

    @Test
    void convertsEveryDateTimeAsTheStockResolverDoes() {
        int compared = 0;
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : DEFAULT_ZONES) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                compared += compareAll(DATE_TIMES, DateTimeType::new, zone);
                compared += compareAll(INSTANTS, InstantType::new, zone);
            }
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(compared).isEqualTo(DEFAULT_ZONES.size() * (DATE_TIMES.size() + INSTANTS.size()));
    }

    @Test
    void convertsTodaysDatesItselfAndLeavesOldOnesToTheResolver() {
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : DEFAULT_ZONES) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                DATE_TIMES.stream().filter(value -> value.startsWith("20") || value.startsWith("9999"))
                        .forEach(value -> assertThat(converted(value)).as(value + " read in " + zone).isPresent());
                assertThat(converted("1500-06-01")).as("before the Gregorian reform").isEmpty();
                assertThat(converted("1582-10-15")).as("the reform's first day").isEmpty();
            }
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            assertThat(converted("1601-01-01")).as("local mean time, read differently by Calendar").isEmpty();
        } finally {
            TimeZone.setDefault(original);
        }
    }

    private static Optional<DateTime> converted(String value) {
        DateTimeType parsed = new DateTimeType(value);
        return FhirDateTimes.of(parsed, parsed.getPrecision().getCalendarConstant());
    }

    @Test
    void leavesAnEmptyValueToTheResolver() {
        assertThat(resolver.resolvePath(new DateTimeType(), "value")).isNull();
    }

    private int compareAll(List<String> values, Function<String, BaseDateTimeType> parse, String zone) {
        for (String value : values) {
            Object expected = stock.resolvePath(parse.apply(value), "value");
            Object actual = resolver.resolvePath(parse.apply(value), "value");
            String what = value + " read in " + zone;
            assertThat(actual).as(what).isInstanceOf(DateTime.class).isEqualTo(expected);
            DateTime converted = (DateTime) actual;
            assertThat(converted.getPrecision()).as(what).isEqualTo(((DateTime) expected).getPrecision());
            assertThat(converted.getZoneOffset()).as(what).isEqualTo(((DateTime) expected).getZoneOffset());
            assertThat(converted.toString()).as(what).isEqualTo(expected.toString());
        }
        return values.size();
    }
}
