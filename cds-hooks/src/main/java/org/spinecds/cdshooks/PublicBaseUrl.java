package org.spinecds.cdshooks;

/**
 * The URL people and EHRs reach this service at (behind a proxy, the proxy's), from which cards make their absolute
 * links (the patient handouts): an EHR opens a card's link outside the service, so a relative path would not do.
 * An interface rather than a string because the server learns its own port only once it listens, after the cards'
 * renderer is built; it is asked at each card.
 */
@FunctionalInterface
public interface PublicBaseUrl {

    /** Tests and the command line, which start no web server: the port the README's run command uses. */
    PublicBaseUrl LOCAL = fixed("http://localhost:8080");

    /** The base URL, with or without a trailing slash. */
    String get();

    static PublicBaseUrl fixed(String url) {
        return () -> url;
    }

    /** The absolute URL of a path of this service ({@code /handouts/lower-back}). */
    default String resolve(String path) {
        String base = get();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end) + path;
    }
}
