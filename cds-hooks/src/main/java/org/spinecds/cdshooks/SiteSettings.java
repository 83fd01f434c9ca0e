package org.spinecds.cdshooks;

import java.util.Map;
import java.util.Set;

/**
 * What a site set: values of the rules' parameters (as the engine takes them) and the card kinds it switched off
 * (Decision 14), both named in discovery so an EHR can see what it is talking to; and the public base URL the cards'
 * links to the patient handouts start with.
 */
public record SiteSettings(Map<String, Object> parameters, Set<String> disabledCards, PublicBaseUrl publicBaseUrl) {

    public static final SiteSettings DEFAULTS = new SiteSettings(Map.of(), Set.of(), PublicBaseUrl.LOCAL);

    public SiteSettings {
        parameters = Map.copyOf(parameters);
        disabledCards = Set.copyOf(disabledCards);
    }
}
