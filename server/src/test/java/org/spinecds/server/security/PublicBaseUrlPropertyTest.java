package org.spinecds.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.mock.env.MockEnvironment;

class PublicBaseUrlPropertyTest {

    private static final String PROPERTY = "spinecds.security.public-base-url";

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty(PROPERTY, "http://localhost:${local.server.port}/");
    private final PublicBaseUrlProperty url = new PublicBaseUrlProperty(environment);

    @Test
    void isReadAgainUntilTheApplicationIsReadyThenKept() {
        environment.setProperty("local.server.port", "8081");
        assertThat(url.resolve("/cds-services")).isEqualTo("http://localhost:8081/cds-services");

        environment.setProperty("local.server.port", "39217");
        assertThat(url.resolve("/cds-services")).isEqualTo("http://localhost:39217/cds-services");

        url.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], null, Duration.ZERO));
        environment.setProperty("local.server.port", "1");
        assertThat(url.get()).isEqualTo("http://localhost:39217/");
    }

    @Test
    void everyTrailingSlashOfTheBaseIsDropped() {
        environment.setProperty(PROPERTY, "https://cds.hospital.example/spinecds//");
        assertThat(url.resolve("/handouts/lower-back")).isEqualTo("https://cds.hospital.example/spinecds/handouts/lower-back");
    }
}
