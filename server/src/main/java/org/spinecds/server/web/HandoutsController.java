package org.spinecds.server.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.spinecds.cdshooks.cards.HandoutCatalogue;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /handouts/{id}}: the patient handouts cards link to. Public (an EHR opens a card's link without a
 * token, and the pages hold no patient data), so outside the JWT filter's paths. An unknown id gets 404 with a small
 * HTML page rather than an OperationOutcome: the caller is a person's browser, not a FHIR client.
 */
@RestController
class HandoutsController {

    // The pages change only with a release: browsers and proxies may keep them an hour.
    private static final CacheControl CACHED = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();
    // Nothing but the inline style may load or run: no script, no external resource, no form, no <base>.
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final HandoutPages pages;

    HandoutsController(ObjectMapper cdsJsonMapper) {
        this.pages = HandoutPages.fromClasspath(cdsJsonMapper);
    }

    @GetMapping(HandoutCatalogue.PATH + "{id}")
    ResponseEntity<String> handout(@PathVariable String id) {
        return pages.page(id)
                .map(page -> html(HttpStatus.OK).cacheControl(CACHED).body(page))
                .orElseGet(() -> html(HttpStatus.NOT_FOUND).cacheControl(CacheControl.noStore())
                        .body(pages.notFound()));
    }

    private static ResponseEntity.BodyBuilder html(HttpStatus status) {
        return ResponseEntity.status(status).contentType(HTML)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff");
    }
}
