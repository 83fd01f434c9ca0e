package org.spinecds.cdshooks.cards;

import java.util.List;
import java.util.function.Function;
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

    /** Detail text: a list value is written out in full. */
    static String fill(String template, CardDefinition card, DefineResults results) {
        return fill(template, card, results, ValueText::of);
    }

    /** Summary text: a list value names its first (highest-priority) item and how many more there are. */
    static String fillSummary(String template, CardDefinition card, DefineResults results) {
        return fill(template, card, results, ValueText::brief);
    }

    private static String fill(String template, CardDefinition card, DefineResults results,
            Function<Object, String> text) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = valueOf(matcher.group(1), card, results, text);
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private static String valueOf(String placeholder, CardDefinition card, DefineResults results,
            Function<Object, String> text) {
        String define = card.values().get(placeholder);
        if (define != null) {
            return text.apply(results.value(define));
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
