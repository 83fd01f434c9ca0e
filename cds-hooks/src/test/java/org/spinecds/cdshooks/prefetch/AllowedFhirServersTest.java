package org.spinecds.cdshooks.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AllowedFhirServersTest {

    private final AllowedFhirServers allowed =
            AllowedFhirServers.of(List.of("https://ehr.example/fhir", "http://127.0.0.1:8089/fhir"));

    @Test
    void nothingIsAllowedUntilAnAdministratorNamesAServer() {
        assertThat(AllowedFhirServers.none().allows("https://ehr.example/fhir")).isFalse();
        assertThat(AllowedFhirServers.of(List.of()).allows("https://ehr.example/fhir")).isFalse();
    }

    @Test
    void aServerUnderAnAllowedPrefixIsAllowed() {
        assertThat(allowed.allows("https://ehr.example/fhir")).isTrue();
        assertThat(allowed.allows("https://ehr.example/fhir/")).isTrue();
        assertThat(allowed.allows("https://EHR.example/fhir/r4")).isTrue();
        assertThat(allowed.allows("https://ehr.example:443/fhir")).isTrue();
    }

    @Test
    void lookAlikeHostsPathsAndPortsAreNotAllowed() {
        assertThat(allowed.allows("https://ehr.example.evil/fhir")).isFalse();
        assertThat(allowed.allows("https://evil.example/ehr.example/fhir")).isFalse();
        assertThat(allowed.allows("https://ehr.example/fhir-other")).isFalse();
        assertThat(allowed.allows("https://ehr.example:8443/fhir")).isFalse();
        assertThat(allowed.allows("https://user@ehr.example/fhir")).isFalse();
        assertThat(allowed.allows("https://ehr.example/fhir?redirect=https://evil.example")).isFalse();
    }

    @Test
    void plainHttpOnlyWhereTheEntrySaysHttp() {
        assertThat(allowed.allows("http://ehr.example/fhir")).isFalse();
        assertThat(allowed.allows("http://127.0.0.1:8089/fhir")).isTrue();
        assertThat(allowed.allows("https://127.0.0.1:8089/fhir")).isFalse();
    }

    @Test
    void aWildcardPortAllowsAnyPortOfThatHostOnly() {
        AllowedFhirServers loopback = AllowedFhirServers.of(List.of("http://127.0.0.1:*", "http://localhost:*/fhir"));
        assertThat(loopback.allows("http://127.0.0.1:52311/fhir")).isTrue();
        assertThat(loopback.allows("http://127.0.0.1/")).isTrue();
        assertThat(loopback.allows("http://localhost:9000/fhir/r4")).isTrue();
        assertThat(loopback.allows("http://localhost:9000/other")).isFalse();
        assertThat(loopback.allows("http://127.0.0.2:52311/fhir")).isFalse();
        assertThat(loopback.allows("https://127.0.0.1:52311/fhir")).isFalse();
    }

    @Test
    void somethingThatIsNotAUrlIsNotAllowed() {
        assertThat(allowed.allows(null)).isFalse();
        assertThat(allowed.allows("ehr.example/fhir")).isFalse();
        assertThat(allowed.allows("file:///etc/passwd")).isFalse();
    }

    @Test
    void aWrongEntryStopsTheStart() {
        assertThatThrownBy(() -> AllowedFhirServers.of(List.of("ehr.example/fhir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spinecds.fhir-server.allowed");
    }

    @Test
    void aNextLinkMustStayOnTheServersOrigin() {
        String server = "https://ehr.example/fhir";
        assertThat(AllowedFhirServers.sameOrigin(server, "https://ehr.example/fhir?_getpages=abc&_count=50")).isTrue();
        assertThat(AllowedFhirServers.sameOrigin(server, "https://ehr.example/other/path?page=2")).isTrue();
        assertThat(AllowedFhirServers.sameOrigin(server, "https://elsewhere.example/fhir?page=2")).isFalse();
        assertThat(AllowedFhirServers.sameOrigin(server, "http://ehr.example/fhir?page=2")).isFalse();
        assertThat(AllowedFhirServers.sameOrigin(server, "https://ehr.example:8443/fhir?page=2")).isFalse();
    }
}
