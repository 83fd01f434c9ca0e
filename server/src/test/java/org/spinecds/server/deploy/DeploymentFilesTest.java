package org.spinecds.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The container image, {@code docker-compose.yml} and the Kubernetes manifests, checked without a container engine
 * (none runs here or in CI): the compose file parsed, the kustomize overlays rendered with {@code kubectl kustomize}
 * (skipped with a message where kubectl is absent, unless {@code SPINECDS_KUBECTL_REQUIRED=true}). Every environment
 * variable they give the service is a property it reads, every probe is an actuator path it exposes, image names and
 * ports agree, every build path exists, and the README's compose section names exactly what the file has.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));
    private static final Pattern DOCKERFILE_PORT = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)\\s*$");
    private static final Pattern DOCKERFILE_HEALTH = Pattern.compile("(?m)^\\s+CMD .*?(/actuator/[a-z/]+)");
    private static final Pattern DOCKERFILE_ENV = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?([A-Z_]+)=");
    private static final Pattern DOCKERFILE_JVM_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
    private static final Pattern COLLECTOR_IN_USE = Pattern.compile(
            "(?m)^\\s*bool (Use(?:Serial|Parallel|G1|Shenandoah|Z|Epsilon)GC)\\s+= true");
    private static final Pattern METASPACE_THRESHOLD = Pattern.compile("(?m)^\\s*size_t MetaspaceSize\\s+= (\\d+)");
    private static final Pattern MEMORY_SIZE = Pattern.compile("(\\d+)([gGmM])i?");
    private static final Pattern DOCKERFILE_COPY = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$");
    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    private static final Pattern DOCUMENTED_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    private static PropertiesTheServiceReads properties;
    private static Map<String, Object> compose;
    private static String dockerfile;

    @BeforeAll
    static void read() throws IOException {
        properties = new PropertiesTheServiceReads();
        compose = YAML.load(Files.readString(ROOT.resolve("docker-compose.yml")));
        dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    }

    @Test
    void aVariableIsReadOnlyWhenItBindsAPropertyOfTheServiceOrSpringBoot() {
        assertThat(properties.reads("spinecds.feedback.patient-hash-key")).isTrue();
        assertThat(properties.reads("spinecds.security.issuers[*].jwks-uri")).isTrue();
        assertThat(properties.reads("spinecds.requests.max-concurrent")).isTrue();
        assertThat(properties.reads("spring.datasource.url")).isTrue();
        assertThat(properties.unread(Map.of("SPINECDS_FEEDBACK_PATIENT_HASH", "x", "SPINECDS_SNOOZE", "1d")))
                .hasSize(2);
        assertThat(properties.unread(Map.of("SPINECDS_FEEDBACK_SNOOZE", "7d", "SERVER_PORT", "9090"))).isEmpty();
        assertThat(properties.unread(Map.of("SPINECDS_FHIR_SERVER_DEADLINE", "5s", "SPINECDS_FHIR_DEADLINE", "5s")))
                .containsExactly("SPINECDS_FHIR_DEADLINE sets no property the service reads");
        assertThatThrownBy(() -> properties.unread(Map.of("SPINECDS_SECURITY_REPLAY_CACHE", "shared")))
                .isInstanceOf(BindException.class);
    }

    // ---------------------------------------------------------------- image

    @Test
    void theImageExposesThePortReadsItsEnvironmentAndChecksReadiness() {
        assertThat(exposedPort()).isEqualTo(8080);
        Matcher health = DOCKERFILE_HEALTH.matcher(dockerfile);
        assertThat(health.find()).as("a HEALTHCHECK CMD on an actuator path").isTrue();
        assertThat(health.group(1)).isEqualTo("/actuator/health/readiness");
        Map<String, String> environment = new LinkedHashMap<>();
        DOCKERFILE_ENV.matcher(dockerfile.substring(dockerfile.lastIndexOf("\nFROM "))).results()
                .forEach(m -> environment.put(m.group(1), ""));
        assertThat(environment).containsKeys("JAVA_TOOL_OPTIONS", "SPINECDS_DATA_DIR");
        assertThat(properties.unread(environment)).isEmpty();
    }

    /** A flag the image's Java 17 did not know would stop every start; this JDK is the same major version. */
    @Test
    void theImagesJvmOptionsAreOnesAJava17Accepts() throws IOException, InterruptedException {
        javaWithTheImagesOptions("-version");
    }

    /**
     * Left to the JVM, the collector follows the container's size: Serial below 2 CPUs or 1,792 MB (the 1 GiB of
     * deploy/kubernetes), G1 above. The image names one, the one measured best for this service (README, "Image").
     */
    @Test
    void theImagesCollectorIsTheSameInASmallAndALargeContainer() throws IOException, InterruptedException {
        String small = javaWithTheImagesOptions("-XX:+NeverActAsServerClassMachine", "-XX:+PrintFlagsFinal",
                "-version");
        String large = javaWithTheImagesOptions("-XX:+AlwaysActAsServerClassMachine", "-XX:+PrintFlagsFinal",
                "-version");
        assertThat(collectorsInUse(small)).containsExactly("UseParallelGC");
        assertThat(collectorsInUse(large)).containsExactly("UseParallelGC");
    }

    /** Below the service's ~85 MB of classes, metaspace's growth stops the start for full collections. */
    @Test
    void theImagesFirstMetaspaceCollectionLiesAboveTheServicesClasses() throws IOException, InterruptedException {
        Matcher metaspace = METASPACE_THRESHOLD.matcher(javaWithTheImagesOptions("-XX:+PrintFlagsFinal", "-version"));
        assertThat(metaspace.find()).as("MetaspaceSize in the flags").isTrue();
        assertThat(Long.parseLong(metaspace.group(1))).as("MetaspaceSize").isGreaterThanOrEqualTo(128L << 20);
    }

    /** This JDK's output, run with the Dockerfile's JAVA_TOOL_OPTIONS and then {@code arguments}; it must exit 0. */
    private static String javaWithTheImagesOptions(String... arguments) throws IOException, InterruptedException {
        assertThat(Runtime.version().feature()).as("the JDK the image runs").isEqualTo(17);
        Matcher options = DOCKERFILE_JVM_OPTIONS.matcher(dockerfile);
        assertThat(options.find()).as("JAVA_TOOL_OPTIONS in the Dockerfile").isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(options.group(1).trim().split("\\s+")));
        command.addAll(List.of(arguments));
        // To a file: the flags' listing is larger than a pipe holds, and the wait is bounded.
        Path output = Files.createTempFile("spinecds-java-", ".txt");
        try {
            Process java = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("java %s within 60 s", String.join(" ", arguments))
                    .isTrue();
            String text = Files.readString(output);
            assertThat(java.exitValue()).as(text).isZero();
            return text;
        } finally {
            Files.delete(output);
        }
    }

    private static List<String> collectorsInUse(String flags) {
        return COLLECTOR_IN_USE.matcher(flags).results().map(m -> m.group(1)).toList();
    }

    @Test
    void everyPathTheImageBuildCopiesIsThereAndNotIgnored() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        List<String> copied = DOCKERFILE_COPY.matcher(dockerfile).results()
                .flatMap(m -> Stream.of(m.group(1).split("\\s+"))).toList();
        assertThat(copied).contains("mvnw", "pom.xml", "server/");
        for (String path : copied) {
            assertThat(ROOT.resolve(path)).as("COPY %s", path).exists();
            assertThat(ignored).as(".dockerignore must not exclude %s", path)
                    .noneMatch(pattern -> path.startsWith(pattern) || pattern.equals("**/" + path));
        }
    }

    // ---------------------------------------------------------------- compose

    @Test
    void composeServicesStartInOrderOnLoopbackFromPinnedImages() {
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsOnlyKeys("spinecds", "postgres", "fhir", "fhir-loader");
        for (var service : services.entrySet()) {
            Map<String, Object> spec = map(service.getValue());
            assertThat((String) spec.get("image")).as("%s: image with a pinned tag", service.getKey())
                    .matches("[a-z0-9./-]+:v?[0-9][A-Za-z0-9.-]*");
            for (Object port : list(spec, "ports")) {
                assertThat((String) port).as("%s publishes on loopback only", service.getKey())
                        .matches("127\\.0\\.0\\.1:\\d+:\\d+");
            }
            for (var dependency : map(spec, "depends_on").entrySet()) {
                assertThat(services).containsKey(dependency.getKey());
                String condition = (String) map(dependency.getValue()).get("condition");
                assertThat(condition).isIn("service_started", "service_healthy",
                        "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(map(services.get(dependency.getKey()))).containsKey("healthcheck");
                }
            }
        }
        assertThat(map(map(services, "spinecds"), "depends_on")).containsOnlyKeys("postgres", "fhir-loader");
    }

    @Test
    void composeBuildsFromTheRepositoryAndMountsFilesThatExist() {
        Map<String, Object> spinecds = map(map(compose, "services"), "spinecds");
        Map<String, Object> build = map(spinecds, "build");
        assertThat(ROOT.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")).normalize())
                .isEqualTo(ROOT.resolve("Dockerfile")).exists();
        Set<String> namedVolumes = map(compose, "volumes").keySet();
        for (Object service : map(compose, "services").values()) {
            for (Object volume : list(map(service), "volumes")) {
                String source = ((String) volume).split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(ROOT.resolve(source)).as("bind mount %s", source).exists();
                } else {
                    assertThat(namedVolumes).contains(source);
                }
            }
        }
    }

    @Test
    void composeGivesTheServiceOnlyPropertiesItReadsAndProbesReadiness() {
        Map<String, Object> spinecds = map(map(compose, "services"), "spinecds");
        assertThat(properties.unread(environment(spinecds))).isEmpty();
        assertThat(list(spinecds, "ports")).containsExactly("127.0.0.1:8080:" + exposedPort());
        String test = String.join(" ", list(map(spinecds, "healthcheck"), "test").stream().map(String::valueOf)
                .toList());
        assertThat(actuatorPath(test)).isEqualTo("/actuator/health/readiness");
        assertThat(probePaths()).contains(actuatorPath(test));
    }

    /** The image's heap is a share of its container's memory: compose runs it in what Kubernetes gives it. */
    @Test
    void composeGivesTheServiceTheMemoryKubernetesDoes() throws IOException {
        Map<String, Object> deployment = YAML.load(Files.readString(
                ROOT.resolve("deploy/kubernetes/base/deployment.yaml")));
        Map<String, Object> container = map(list(map(map(map(deployment, "spec"), "template"), "spec"),
                "containers").get(0));
        String kubernetes = (String) map(map(container, "resources"), "limits").get("memory");
        String composed = (String) map(map(compose, "services"), "spinecds").get("mem_limit");
        assertThat(composed).as("mem_limit of the spinecds service").isNotNull();
        assertThat(mebibytes(composed)).as("compose %s, Kubernetes %s", composed, kubernetes)
                .isEqualTo(mebibytes(kubernetes));
    }

    /** A size as compose ("1g", "768m") or Kubernetes ("1Gi", "768Mi") writes it, both in binary units. */
    private static long mebibytes(String size) {
        Matcher parts = MEMORY_SIZE.matcher(size);
        assertThat(parts.matches()).as("a size in g/Gi or m/Mi: %s", size).isTrue();
        long count = Long.parseLong(parts.group(1));
        return parts.group(2).equalsIgnoreCase("g") ? count * 1024 : count;
    }

    @Test
    void theReadmeComposeSectionNamesExactlyTheServicesPortsAndVariables() throws IOException {
        String section = readmeSection("### Compose");
        Set<String> variables = new TreeSet<>();
        String file = Files.readString(ROOT.resolve("docker-compose.yml"));
        INTERPOLATED.matcher(file).results().forEach(m -> variables.add(m.group(1)));
        for (var service : map(compose, "services").entrySet()) {
            assertThat(section).as("README names service %s", service.getKey())
                    .contains("`" + service.getKey() + "`");
            for (Object port : list(map(service.getValue()), "ports")) {
                String published = ((String) port).substring(0, ((String) port).lastIndexOf(':'));
                assertThat(section).as("README names port %s", published).contains(published);
            }
            variables.addAll(environment(map(service.getValue())).keySet());
        }
        Set<String> documented = new TreeSet<>();
        DOCUMENTED_VARIABLE.matcher(section).results().forEach(m -> documented.add(m.group(1)));
        assertThat(documented).isEqualTo(variables);
    }

    @Test
    void theFhirServerIsLoadedWithTheExamplePatientExactly() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode prefetch = json.readTree(ROOT.resolve("examples/patient-view-lumbar-radiculopathy.json").toFile())
                .get("prefetch");
        List<JsonNode> expected = new ArrayList<>();
        prefetch.forEach(value -> {
            if (value.path("resourceType").asText().equals("Bundle")) {
                value.path("entry").forEach(entry -> expected.add(entry.get("resource")));
            } else {
                expected.add(value);
            }
        });
        List<JsonNode> loaded = new ArrayList<>();
        json.readTree(ROOT.resolve("deploy/compose/fhir-patients/patient-view-lumbar-radiculopathy.json").toFile())
                .get("entry").forEach(entry -> loaded.add(entry.get("resource")));
        assertThat(loaded).isEqualTo(expected);
        JsonNode request = json.readTree(ROOT.resolve("deploy/compose/patient-view-from-fhir-server.json").toFile());
        assertThat(request.has("prefetch")).isFalse();
        assertThat(request.get("fhirServer").asText())
                .isEqualTo(environment(map(map(compose, "services"), "spinecds")).get("SPINECDS_FHIR_SERVER_ALLOWED"));
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void theProductionOverlayRendersAndAgreesWithTheImage() throws Exception {
        checkOverlay("production", "registry.hospital.example/spinecds:0.1.0");
    }

    @Test
    void theLocalOverlayRendersAndAgreesWithTheImage() throws Exception {
        checkOverlay("local", (String) map(map(compose, "services"), "spinecds").get("image"));
    }

    private static void checkOverlay(String overlay, String image) throws Exception {
        Map<String, Map<String, Object>> objects = render(overlay);
        Map<String, Object> deployment = objects.get("Deployment/spinecds");
        Map<String, Object> pod = map(map(deployment, "spec"), "template");
        Map<String, Object> container = map(list(map(pod, "spec"), "containers").get(0));
        assertThat(container.get("image")).isEqualTo(image);

        Map<String, String> environment = new LinkedHashMap<>();
        for (Object from : list(container, "envFrom")) {
            String name = (String) map(map(from), "configMapRef").get("name");
            assertThat(objects).as("ConfigMap %s", name).containsKey("ConfigMap/" + name);
            map(objects.get("ConfigMap/" + name), "data").forEach((key, value) -> environment.put(key, (String) value));
        }
        for (Object variable : list(container, "env")) {
            environment.put((String) map(variable).get("name"), "");
        }
        assertThat(environment).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD",
                "SPINECDS_FEEDBACK_PATIENT_HASH_KEY", "SPINECDS_SECURITY_REPLAY_CACHE");
        assertThat(environment.get("SPINECDS_SECURITY_REPLAY_CACHE")).isEqualTo("database");
        assertThat(properties.unread(environment)).isEmpty();

        Map<String, Object> port = map(list(container, "ports").get(0));
        assertThat(port.get("containerPort")).isEqualTo(exposedPort());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertThat(probePaths()).as(probe).contains((String) get.get("path"));
            assertThat(get.get("port")).as(probe).isEqualTo(port.get("name"));
        }
        assertThat(map(map(container, "readinessProbe"), "httpGet").get("path"))
                .isEqualTo("/actuator/health/readiness");
        assertThat(map(container, "resources")).containsKeys("requests", "limits");

        Map<String, Object> labels = map(map(pod, "metadata"), "labels");
        Map<String, Object> service = map(objects.get("Service/spinecds"), "spec");
        assertThat(labels).containsAllEntriesOf(map(service, "selector"));
        assertThat(map(list(service, "ports").get(0)).get("targetPort")).isEqualTo(port.get("name"));
        assertThat(labels).containsAllEntriesOf(
                map(map(map(objects.get("PodDisruptionBudget/spinecds"), "spec"), "selector"), "matchLabels"));
        Map<String, Object> autoscaler = map(objects.get("HorizontalPodAutoscaler/spinecds"), "spec");
        assertThat(map(autoscaler, "scaleTargetRef")).containsEntry("kind", "Deployment")
                .containsEntry("name", "spinecds");
        assertThat(map(map(list(autoscaler, "metrics").get(0)), "resource")).containsEntry("name", "cpu");
    }

    /** {@code kubectl kustomize} of an overlay, by "Kind/name". */
    private static Map<String, Map<String, Object>> render(String overlay) throws Exception {
        boolean required = "true".equals(System.getenv("SPINECDS_KUBECTL_REQUIRED"));
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize",
                    ROOT.resolve("deploy/kubernetes/overlays").resolve(overlay).toString()).start();
        } catch (IOException absent) {
            if (required) {
                fail("SPINECDS_KUBECTL_REQUIRED=true, but kubectl cannot run: " + absent.getMessage());
            }
            return Assumptions.abort("kubectl is not on the PATH: the rendered Kubernetes manifests are not checked"
                    + " (SPINECDS_KUBECTL_REQUIRED=true makes this a failure)");
        }
        String rendered;
        String errors;
        try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
            rendered = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", overlay, errors).isZero();
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        for (Object document : YAML.loadAll(rendered)) {
            Map<String, Object> object = map(document);
            objects.put(object.get("kind") + "/" + map(object, "metadata").get("name"), object);
        }
        return objects;
    }

    // ---------------------------------------------------------------- shared

    private static int exposedPort() {
        Matcher expose = DOCKERFILE_PORT.matcher(dockerfile);
        assertThat(expose.find()).as("EXPOSE in the Dockerfile").isTrue();
        return Integer.parseInt(expose.group(1));
    }

    /**
     * The actuator paths the service answers, from its own configuration: the health probes (when enabled) and the
     * health groups, and the endpoints exposed over the web. OperationsHttpTest calls each of them.
     */
    private static Set<String> probePaths() {
        Properties application = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> paths = new TreeSet<>();
        Set<String> exposed = Set.of(application.getProperty("management.endpoints.web.exposure.include").split(","));
        if (exposed.contains("health")) {
            if (Boolean.parseBoolean(application.getProperty("management.endpoint.health.probes.enabled"))) {
                paths.add("/actuator/health/liveness");
                paths.add("/actuator/health/readiness");
            }
            application.stringPropertyNames().stream()
                    .map(key -> key.replaceFirst("^management\\.endpoint\\.health\\.group\\.([a-z-]+)\\.include$",
                            "/actuator/health/$1"))
                    .filter(path -> path.startsWith("/actuator")).forEach(paths::add);
        }
        exposed.stream().filter(endpoint -> !endpoint.equals("health")).map(endpoint -> "/actuator/" + endpoint)
                .forEach(paths::add);
        return paths;
    }

    private static String actuatorPath(String command) {
        Matcher path = Pattern.compile("/actuator/[a-z/]+").matcher(command);
        assertThat(path.find()).as("an actuator path in %s", command).isTrue();
        return path.group();
    }

    private static String readmeSection(String heading) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README has %s", heading).isNotNegative();
        Matcher next = Pattern.compile("\n##+ ").matcher(readme);
        return next.find(start + heading.length() + 1) ? readme.substring(start, next.start())
                : readme.substring(start);
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(service, "environment").forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.get(key));
    }

    private static List<Object> list(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof List<?> list ? List.copyOf(list) : List.of();
    }
}
