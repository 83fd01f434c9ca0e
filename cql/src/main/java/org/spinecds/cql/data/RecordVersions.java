package org.spinecds.cql.data;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Date;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Which of two copies of one record is newer: the higher {@code meta.versionId} (numerically when both are numbers,
 * as servers usually number versions), else the later {@code meta.lastUpdated}. When neither tells, the copy given
 * later wins: callers pass the request's draft orders after its prefetch, and the order being written is current.
 */
final class RecordVersions {

    private static final Comparator<IBaseResource> BY_VERSION = Comparator
            .comparing(RecordVersions::numericVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(RecordVersions::lastUpdated, Comparator.nullsFirst(Comparator.naturalOrder()));

    private RecordVersions() {
    }

    static IBaseResource newer(IBaseResource earlier, IBaseResource later) {
        return BY_VERSION.compare(earlier, later) > 0 ? earlier : later;
    }

    private static BigInteger numericVersion(IBaseResource resource) {
        String version = resource.getMeta().getVersionId();
        if (version == null || !version.matches("\\d{1,30}")) {
            return null;
        }
        return new BigInteger(version);
    }

    private static Date lastUpdated(IBaseResource resource) {
        return resource.getMeta().getLastUpdated();
    }
}
