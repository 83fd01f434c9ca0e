package org.spinecds.server.security;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.LogText;
import org.spinecds.cdshooks.OperationOutcomes;
import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.server.ops.CallMetrics;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every call to discovery and the services carries a CDS client's JWT ({@code Authorization: Bearer …}); a call
 * without one, or with one that fails any check, gets 401 and an OperationOutcome that says "unauthorized" and
 * nothing about which check failed. The reason goes to the log, never the token. A CORS preflight (answered by the
 * CORS filter before this one) carries no token and is let through.
 */
final class CdsClientAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CdsClientAuthenticationFilter.class);
    private static final String BEARER = "Bearer ";

    private final CdsClientTokenVerifier verifier;
    private final PublicBaseUrl publicBaseUrl;
    private final String unauthorized;
    private final CallMetrics metrics;

    CdsClientAuthenticationFilter(CdsClientTokenVerifier verifier, PublicBaseUrl publicBaseUrl,
            OperationOutcomes outcomes, CallMetrics metrics) {
        this.verifier = verifier;
        this.publicBaseUrl = publicBaseUrl;
        this.unauthorized = outcomes.json("login", "unauthorized");
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        try {
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new CdsClientTokenVerifier.RefusedTokenException("no bearer token");
            }
            CdsClientTokenVerifier.Caller caller =
                    verifier.verify(header.substring(BEARER.length()).trim(),
                            publicBaseUrl.resolve(request.getRequestURI()));
            if (LOG.isDebugEnabled()) {
                LOG.debug("Caller iss={} tenant={} jti={}", LogText.safe(caller.issuer()),
                        LogText.safe(caller.tenant()), LogText.safe(caller.jti()));
            }
            CallerIssuer.set(request, caller.issuer());
        } catch (CdsClientTokenVerifier.RefusedTokenException e) {
            LOG.info("Refused a CDS Hooks call: 401, {}", LogText.safe(e.getMessage()));
            metrics.refused(HttpServletResponse.SC_UNAUTHORIZED);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.setContentType("application/fhir+json");
            response.getWriter().write(unauthorized);
            return;
        }
        chain.doFilter(request, response);
    }
}
