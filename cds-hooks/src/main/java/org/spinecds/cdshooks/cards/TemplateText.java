package org.spinecds.cdshooks.cards;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.Choice;
import org.spinecds.cql.engine.DefineResults;

/** Fills {@code {name}} placeholders with a define's value or a phrase chosen by a define, as the card says. */
final class TemplateText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private TemplateText() {
    }

    static String fill(String template, CardDefinition card, DefineResults results) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(text, Matcher.quoteReplacement(valueOf(matcher.group(1), card, results)));
        }
        matcher.appendTail(text);
        return text.toString();
    }

    private static String valueOf(String placeholder, CardDefinition card, DefineResults results) {
        String define = card.values().get(placeholder);
        if (define != null) {
            return ValueText.of(results.value(define));
        }
        Choice choice = card.choices().get(placeholder);
        if (choice != null) {
            return results.isTrue(choice.define()) ? choice.ifTrue() : choice.ifFalse();
        }
        throw new IllegalStateException("Card " + card.id() + " has no value or choice for {" + placeholder + "}");
    }

    /** The placeholders a template uses, for the catalogue's consistency checks. */
    static List<String> placeholders(String template) {
        return PLACEHOLDER.matcher(template).results().map(m -> m.group(1)).toList();
    }
}
