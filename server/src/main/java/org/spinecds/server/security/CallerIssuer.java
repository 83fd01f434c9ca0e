package org.spinecds.server.security;

import java.util.Optional;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jakarta.servlet.http.HttpServletRequest;

/** The verified {@code iss} of the CDS client whose call is being answered on this thread, if any. */
public final class CallerIssuer {

    private static final String ATTRIBUTE = CallerIssuer.class.getName();

    private CallerIssuer() {
    }

    public static Optional<String> current() {
        RequestAttributes call = RequestContextHolder.getRequestAttributes();
        return call == null ? Optional.empty()
                : Optional.ofNullable((String) call.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    static void set(HttpServletRequest request, String issuer) {
        request.setAttribute(ATTRIBUTE, issuer);
    }
}
