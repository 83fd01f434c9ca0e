package org.spinecds.cql.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the rule set (CQL libraries, value sets) this build carries, written into the jar by Maven: named in
 * discovery and on every card, so that a card can be traced to the rules that made it.
 */
public final class RuleSetVersion {

    private static final String RESOURCE = "spinecds/ruleset.properties";
    private static final String VERSION = load();

    private RuleSetVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = RuleSetVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
