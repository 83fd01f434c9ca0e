package org.spinecds.server.feedback;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Calls made to try the cards (the clinician page, by the issuers in {@code spinecds.feedback.trial-issuers}): their
 * cards and feedback are stored marked as trials, never snoozed, and left out of the snooze and the statistics.
 */
final class TrialCalls {

    private final Set<String> issuers;
    private final Supplier<Optional<String>> callerIssuer;

    /** {@code callerIssuer}: the verified issuer of the call being answered on this thread, if any. */
    TrialCalls(Set<String> issuers, Supplier<Optional<String>> callerIssuer) {
        this.issuers = Set.copyOf(issuers);
        this.callerIssuer = callerIssuer;
    }

    /** Whether the call being answered on this thread came from a trial issuer. */
    boolean current() {
        return !issuers.isEmpty() && callerIssuer.get().map(issuers::contains).orElse(false);
    }
}
