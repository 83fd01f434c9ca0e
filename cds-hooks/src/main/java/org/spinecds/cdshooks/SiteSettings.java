package org.spinecds.cdshooks;

import java.util.Map;
import java.util.Set;

/**
 * What a site set for the rules (Decision 14): values of the rules' parameters (as the engine takes them) and the
 * card kinds it switched off. Both are named in discovery, so an EHR can see what it is talking to.
 */
public record SiteSettings(Map<String, Object> parameters, Set<String> disabledCards) {

    public static final SiteSettings DEFAULTS = new SiteSettings(Map.of(), Set.of());

    public SiteSettings {
        parameters = Map.copyOf(parameters);
        disabledCards = Set.copyOf(disabledCards);
    }
}
