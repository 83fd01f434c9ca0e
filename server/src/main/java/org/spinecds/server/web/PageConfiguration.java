package org.spinecds.server.web;

import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.server.feedback.FeedbackProperties;
import org.spinecds.server.security.PageTokens;
import org.spinecds.server.security.SecurityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The clinician page, only where {@code spinecds.page.enabled} is true (the local profile): its files are kept out
 * of {@code static/}, which Spring serves always, so that {@code /} is 404 everywhere else. The page signs its own
 * tokens, so it refuses to start unless its issuer is trusted and listed as a trial issuer: its calls must pass the
 * same checks as an EHR's, and its feedback must never count.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = PageConfiguration.ENABLED, havingValue = "true")
class PageConfiguration implements WebMvcConfigurer {

    static final String ENABLED = "spinecds.page.enabled";

    @Bean
    PageTokens pageTokens(SecurityProperties security, FeedbackProperties feedback, PublicBaseUrl publicBaseUrl) {
        boolean trusted = security.issuers().stream().anyMatch(issuer -> PageTokens.ISSUER.equals(issuer.iss()));
        if (!trusted || !feedback.trialIssuers().contains(PageTokens.ISSUER)) {
            throw new IllegalStateException(ENABLED + " needs the issuer " + PageTokens.ISSUER
                    + " in spinecds.security.issuers (with the development JWKS) and in"
                    + " spinecds.feedback.trial-issuers, as the local profile has them");
        }
        return new PageTokens(security, publicBaseUrl);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/page/**").addResourceLocations("classpath:/page/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/page/index.html");
    }
}
