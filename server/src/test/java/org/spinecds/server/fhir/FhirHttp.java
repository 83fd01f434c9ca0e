package org.spinecds.server.fhir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.FhirContext;

/** Plain HTTP calls to the knowledge server at {@code /fhir}, the answers parsed as FHIR R4. */
final class FhirHttp {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    FhirHttp(int port) {
        this.base = "http://127.0.0.1:" + port + "/fhir/";
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/fhir+json")
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** GET, checked to answer 200, parsed as the expected type. */
    <T extends IBaseResource> T read(String path, Class<T> type) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return FHIR.newJsonParser().parseResource(type, response.body());
    }

    static <T extends IBaseResource> T parse(Class<T> type, String body) {
        return FHIR.newJsonParser().parseResource(type, body);
    }
}
