package org.spinecds.cdshooks;

import java.util.regex.Pattern;

/**
 * Client-controlled text (a hookInstance, a hook name, a service id from the path, an error message that quotes
 * them) made safe for a log line: only letters, digits and plain punctuation survive, everything else (line breaks
 * that would forge log lines, control and markup characters) becomes {@code _}, and long text is cut.
 * Patient data never goes to a log at all; this is for the identifiers and messages that do.
 */
public final class LogText {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9 ._:/'\\-,\\[\\]=()]");
    private static final int MAX_LENGTH = 200;

    private LogText() {
    }

    public static String safe(Object text) {
        if (text == null) {
            return "null";
        }
        String value = String.valueOf(text);
        String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "(cut)" : value;
        return UNSAFE.matcher(cut).replaceAll("_");
    }

    /**
     * The throwable's stack without any message: an engine's message can quote record values (a code, a date, a
     * name). The class names and frames still say where it failed.
     */
    public static Throwable withoutMessages(Throwable failure) {
        Throwable copy = new Throwable(failure.getClass().getName(), failure.getCause() == null
                ? null : withoutMessages(failure.getCause()), false, true) {
        };
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }
}
