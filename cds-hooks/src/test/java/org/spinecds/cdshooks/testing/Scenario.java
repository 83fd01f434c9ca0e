package org.spinecds.cdshooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.service.CatalogueCdsService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One request → cards scenario: {@code fixtures/<service-id>/<case-id>/request.json} and
 * {@code expected-cards.json}, optionally {@code scenario.json} with a pinned {@code now}, a third-party
 * {@code patientBundle} (from {@code testdata/}) whose resources fill the prefetch keys the request leaves out,
 * and {@code addResources} added to those keys (e.g. a paresthesia diagnosis on a real patient).
 */
public record Scenario(String serviceId, String id, Path folder, Instant now, String description) {

    public static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    public static List<Scenario> all() {
        return all(FIXTURES);
    }

    /** The scenarios under another module's view of the fixtures folder (e.g. {@code ../cds-hooks/...}). */
    public static List<Scenario> all(Path fixtures) {
        try (Stream<Path> services = Files.list(fixtures)) {
            List<Scenario> scenarios = new ArrayList<>();
            for (Path service : services.sorted().toList()) {
                try (Stream<Path> cases = Files.list(service)) {
                    cases.filter(Files::isDirectory).sorted().forEach(folder -> scenarios.add(read(service, folder)));
                }
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scenario read(Path service, Path folder) {
        JsonNode settings = settings(folder);
        Instant now = settings.has("now") ? Instant.parse(settings.get("now").asText()) : TestServices.DEFAULT_NOW;
        return new Scenario(service.getFileName().toString(), folder.getFileName().toString(), folder, now,
                settings.path("description").asText(folder.getFileName().toString()));
    }

    private static JsonNode settings(Path folder) {
        Path file = folder.resolve("scenario.json");
        return Files.exists(file) ? readJson(file) : TestServices.JSON.createObjectNode();
    }

    public Path expectedCardsFile() {
        return folder.resolve("expected-cards.json");
    }

    /** The request body, with the third-party patient's resources placed into the service's prefetch keys. */
    public byte[] requestBody() {
        List<PrefetchTemplate> templates = templates();
        JsonNode settings = settings(folder);
        ObjectNode request = (ObjectNode) readJson(folder.resolve("request.json"));
        if (!settings.has("patientBundle") && !settings.has("addResources")) {
            return request.toString().getBytes(StandardCharsets.UTF_8);
        }
        List<JsonNode> resources = new ArrayList<>();
        if (settings.has("patientBundle")) {
            readTestdata(settings.get("patientBundle").asText()).path("entry")
                    .forEach(entry -> resources.add(entry.get("resource")));
        }
        settings.path("addResources").forEach(resources::add);
        ObjectNode prefetch = request.with("prefetch");
        for (PrefetchTemplate template : templates) {
            if (!prefetch.has(template.key())) {
                prefetch.set(template.key(), prefetchValue(template, resources));
            }
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    public List<PrefetchTemplate> templates() {
        return CdsHooksAssembly.serviceDefinitions().stream()
                .filter(d -> d.id().equals(serviceId))
                .map(CatalogueCdsService.Definition::prefetch)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No service " + serviceId));
    }

    /** The request as a JSON tree, to be varied by a test. */
    public ObjectNode request() {
        try {
            return (ObjectNode) TestServices.JSON.readTree(requestBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // "Patient/{{..}}" is a read (the resource itself); "Type?..." is a search (a searchset Bundle).
    private static JsonNode prefetchValue(PrefetchTemplate template, List<JsonNode> resources) {
        String type = template.query().split("[/?]")[0];
        List<JsonNode> matching = resources.stream()
                .filter(r -> r.path("resourceType").asText().equals(type)).toList();
        if (template.query().startsWith(type + "/")) {
            return matching.isEmpty() ? TestServices.JSON.nullNode() : matching.get(0);
        }
        ObjectNode bundle = TestServices.JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = bundle.putArray("entry");
        matching.forEach(r -> entries.addObject().set("resource", r));
        return bundle;
    }

    private static JsonNode readTestdata(String path) {
        try (InputStream in = Scenario.class.getClassLoader().getResourceAsStream("testdata/" + path)) {
            if (in == null) {
                throw new IllegalStateException("No testdata/" + path + " on the test classpath");
            }
            return TestServices.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return TestServices.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public String toString() {
        return serviceId + "/" + id;
    }
}
