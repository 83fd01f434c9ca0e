package org.spinecds.cdshooks.prefetch;

import org.spinecds.cdshooks.request.CdsRequest;

/** A hook request as read from its body: the validated request and what its prefetch held. */
public record SentRequest(CdsRequest request, SentPrefetch prefetch) {
}
