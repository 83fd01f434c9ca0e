package org.spinecds.server.security;

import org.spinecds.cdshooks.PublicBaseUrl;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * {@code spinecds.security.public-base-url}: the base of the URL a token's {@code aud} must name, and of the cards'
 * links to the handouts. It may name {@code ${local.server.port}}, known only once the server listens (after the
 * beans that use it are built), so it is read each time it is asked for until the application is ready, and from
 * then on kept: resolving it through the environment on every call and card was a measurable share of a call.
 */
final class PublicBaseUrlProperty implements PublicBaseUrl, ApplicationListener<ApplicationReadyEvent> {

    private static final String NAME = "spinecds.security.public-base-url";

    private final Environment environment;
    private volatile String whenReady;

    PublicBaseUrlProperty(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String get() {
        String kept = whenReady;
        return kept != null ? kept : environment.getRequiredProperty(NAME);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        whenReady = environment.getRequiredProperty(NAME);
    }
}
