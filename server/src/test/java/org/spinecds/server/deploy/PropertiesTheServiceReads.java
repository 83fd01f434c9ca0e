package org.spinecds.server.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every property the service reads, from where it reads them: the keys of {@code application*.properties} and the
 * placeholders in them, the {@code @Value} placeholders in the server's code, the components of its
 * {@code @ConfigurationProperties} records, and Spring Boot's own documented properties. Environment variables are
 * matched to them the way Spring Boot's relaxed binding does ({@code SPINECDS_FEEDBACK_PATIENT_HASH_KEY} is
 * {@code spinecds.feedback.patient-hash-key}), and the records are bound from them, so that a wrong value type fails
 * too.
 */
final class PropertiesTheServiceReads {

    /** Read by the JVM itself or by the C library under it, not by the application. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "MALLOC_ARENA_MAX");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)[:}]");
    private static final Path SERVER_MAIN = Path.of("src/main");

    private final Set<String> names = new TreeSet<>();
    private final List<Class<?>> records = new ArrayList<>();

    PropertiesTheServiceReads() {
        try {
            readPropertyFiles();
            readValuePlaceholders();
            readConfigurationPropertiesRecords();
            readSpringBootMetadata();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The variables of {@code environment} that no property the service reads takes, with why; empty when all are
     * read. The {@code @ConfigurationProperties} records are bound from them (a wrong value throws).
     */
    List<String> unread(Map<String, String> environment) {
        List<String> unread = new ArrayList<>();
        for (var variable : environment.entrySet()) {
            ConfigurationPropertySource alone = environment(Map.of(variable.getKey(), variable.getValue()));
            if (!RUNTIME_VARIABLES.contains(variable.getKey()) && !names.contains(variable.getKey())
                    && names.stream().flatMap(PropertiesTheServiceReads::withIndexes)
                            .noneMatch(name -> alone.getConfigurationProperty(name) != null)) {
                unread.add(variable.getKey() + " sets no property the service reads");
            }
        }
        Binder binder = new Binder(environment(environment));
        for (Class<?> type : records) {
            binder.bindOrCreate(type.getAnnotation(ConfigurationProperties.class).value(), Bindable.of(type));
        }
        return unread;
    }

    private static ConfigurationPropertySource environment(Map<String, String> variables) {
        return ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables)));
    }

    /** A property name in its canonical form, list indexes 0 to 9 in place of {@code [*]}; none for map entries. */
    private static Stream<ConfigurationPropertyName> withIndexes(String name) {
        if (!ConfigurationPropertyName.isValid(name.replace("[*]", "[0]"))) {
            return Stream.empty();
        }
        if (!name.contains("[*]")) {
            return Stream.of(ConfigurationPropertyName.of(name));
        }
        return Stream.iterate(0, i -> i < 10, i -> i + 1)
                .map(i -> ConfigurationPropertyName.of(name.replace("[*]", "[" + i + "]")));
    }

    private void readPropertyFiles() throws IOException {
        try (Stream<Path> files = Files.list(SERVER_MAIN.resolve("resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.properties"))
                    .toList()) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
                properties.stringPropertyNames().forEach(key -> names.add(key.replaceAll("\\[\\d+]", "[*]")));
                addPlaceholders(Files.readString(file));
            }
        }
    }

    private void readValuePlaceholders() throws IOException {
        try (Stream<Path> sources = Files.walk(SERVER_MAIN.resolve("java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                addPlaceholders(Files.readString(source));
            }
        }
    }

    private void addPlaceholders(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }

    private void readConfigurationPropertiesRecords() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.spinecds.server")) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                records.add(type);
                addComponents(type.getAnnotation(ConfigurationProperties.class).value(), type);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void addComponents(String prefix, Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> element = listElement(component.getGenericType());
            if (component.getType().isRecord()) {
                addComponents(name, component.getType());
            } else if (element != null && element.isRecord()) {
                addComponents(name + "[*]", element);
            } else if (Map.class.isAssignableFrom(component.getType())) {
                names.add(name + ".*");
            } else {
                names.add(name);
            }
        }
    }

    private static Class<?> listElement(Type type) {
        return type instanceof ParameterizedType list && List.class.equals(list.getRawType())
                && list.getActualTypeArguments()[0] instanceof Class<?> element ? element : null;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    @SuppressWarnings("unchecked")
    private void readSpringBootMetadata() throws IOException {
        for (Resource metadata : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
            try (InputStream in = metadata.getInputStream()) {
                Map<String, Object> json = JsonParserFactory.getJsonParser()
                        .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (Object property : (List<Object>) json.getOrDefault("properties", Collections.emptyList())) {
                    names.add((String) ((Map<String, Object>) property).get("name"));
                }
            }
        }
    }

    /** Whether the service reads this property (for a test of this class). */
    boolean reads(String name) {
        return names.contains(name);
    }
}
