package org.spinecds.server;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spinecds.rules.*}: a site's values for the rules' thresholds and look-backs, by CQL parameter name
 * ({@code spinecds.rules.parameters.severe-pain-threshold=8}: the CQL name in kebab case), and the card kinds it switches off
 * ({@code spinecds.rules.disabled-cards=BT-TENS-COMP}). Checked at start-up: a wrong entry stops the start.
 */
@ConfigurationProperties("spinecds.rules")
record RulesProperties(@DefaultValue Map<String, String> parameters, @DefaultValue List<String> disabledCards) {
}
