package org.spinecds.server.security;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.OperationOutcomes;
import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.server.ops.CallMetrics;
import org.spinecds.server.ops.DatabaseGuard;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Secure by default: every call to {@code /cds-services} (and {@code /feedback}) needs a CDS client's JWT. With no issuer configured the
 * service starts, warns, and refuses every call. The local profile creates a development key pair and trusts it
 * and the cds-hooks sandbox's public key, and only those.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    ReplayCache replayCache(SecurityProperties properties, JdbcTemplate jdbc, DatabaseGuard database) {
        InMemoryReplayCache thisNode = new InMemoryReplayCache(Clock.systemUTC());
        return properties.replayCache() == SecurityProperties.ReplayStore.DATABASE
                ? new DatabaseReplayCache(jdbc, database, thisNode, Clock.systemUTC())
                : thisNode;
    }

    @Bean
    CdsClientTokenVerifier cdsClientTokenVerifier(SecurityProperties properties, ReplayCache replayCache) {
        if (properties.devKeys()) {
            DevelopmentKeys.loadOrCreate(Path.of(properties.devKeyDir()));
        }
        // Token times are checked against the real clock, not the clinical one (which tests pin). BouncyCastle checks
        // an ES384 signature in 0.57 ms of CPU against the JDK provider's 2.0 ms (RS384: 0.035 ms either way).
        CdsClientTokenVerifier verifier = new CdsClientTokenVerifier(properties, replayCache, Clock.systemUTC(),
                Optional.of(new BouncyCastleProvider()));
        if (!verifier.trustsAnyIssuer()) {
            LOG.warn("No spinecds.security.issuers configured: every call is refused with 401 (README, \"Security\")");
        }
        return verifier;
    }

    @Bean
    PublicBaseUrl publicBaseUrl(Environment environment) {
        return new PublicBaseUrlProperty(environment);
    }

    @Bean
    FilterRegistrationBean<CdsClientAuthenticationFilter> cdsClientAuthentication(CdsClientTokenVerifier verifier,
            PublicBaseUrl publicBaseUrl, OperationOutcomes outcomes, CallMetrics metrics) {
        FilterRegistrationBean<CdsClientAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new CdsClientAuthenticationFilter(verifier, publicBaseUrl, outcomes, metrics));
        registration.addUrlPatterns("/cds-services", "/cds-services/*", "/feedback/*");
        // After CORS (which answers preflights), before everything else.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
