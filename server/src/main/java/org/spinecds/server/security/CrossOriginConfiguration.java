package org.spinecds.server.security;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser-based EHRs and the cds-hooks sandbox: the origins in {@code spinecds.cors.allowed-origins} (none
 * by default; {@code *} in the local profile) may call discovery and the services with {@code Authorization} and
 * {@code Content-Type}. The filter runs first, so a preflight is answered before anything asks for a token; a
 * preflight from another origin is refused with 403 and no {@code Access-Control-Allow-*} header.
 */
@Configuration(proxyBeanMethods = false)
public class CrossOriginConfiguration {

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(@Value("${spinecds.cors.allowed-origins:}") List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> allowed = origins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        if (!allowed.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(allowed);
            cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
            cors.setAllowCredentials(false);
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/cds-services", cors);
            source.registerCorsConfiguration("/cds-services/**", cors);
        }
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
