package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;

import org.hl7.elm.r1.AliasRef;
import org.hl7.elm.r1.AliasedQuerySource;
import org.hl7.elm.r1.As;
import org.hl7.elm.r1.Case;
import org.hl7.elm.r1.CaseItem;
import org.hl7.elm.r1.Coalesce;
import org.hl7.elm.r1.Distinct;
import org.hl7.elm.r1.Except;
import org.hl7.elm.r1.Expression;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.ExpressionRef;
import org.hl7.elm.r1.First;
import org.hl7.elm.r1.Flatten;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.If;
import org.hl7.elm.r1.Intersect;
import org.hl7.elm.r1.Last;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ListTypeSpecifier;
import org.hl7.elm.r1.Literal;
import org.hl7.elm.r1.NamedTypeSpecifier;
import org.hl7.elm.r1.Null;
import org.hl7.elm.r1.Property;
import org.hl7.elm.r1.Query;
import org.hl7.elm.r1.SingletonFrom;
import org.hl7.elm.r1.ToList;
import org.hl7.elm.r1.Tuple;
import org.hl7.elm.r1.TupleElement;
import org.hl7.elm.r1.TypeSpecifier;
import org.hl7.elm.r1.Union;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.Value;
import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.Choice;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.testing.SequentialIds;
import org.spinecds.cdshooks.testing.TestServices;
import org.spinecds.cql.engine.DefineResults;
import org.spinecds.cql.testing.LibraryCase;
import org.spinecds.cql.testing.LibraryCases;

/**
 * No summary can be longer than 139 characters, whatever its placeholders hold: every summary alternative of every
 * card is rendered, by the renderer itself, with the longest text each placeholder can produce, and must fit.
 * Nothing is cut at run time, so this test is the only guard.
 *
 * <p>The longest text of a placeholder comes from its define's result type in the compiled ELM:
 * <ul>
 * <li>a String, or a list of Strings: the longest string literal the define can return, found by walking the
 * value positions of its expression (branches, list elements, query sources and returns, the named tuple element,
 * same-library define references); a list holds 100 items, the longest first. Anything else in a value position
 * (text read from a record, a concatenation, a function) cannot be bounded and fails the test;</li>
 * <li>an Integer, Long or Decimal: the widest value the CQL engine allows (e.g. -99999999999999999999.99999999);</li>
 * <li>a Date: 9999-12-31; a Boolean: false;</li>
 * <li>always also null, which reads "not recorded";</li>
 * <li>a choice: the longer of its two phrases.</li>
 * </ul>
 */
class SummariesFitTest {

    private static final CardCatalogue CATALOGUE = CardCatalogue.loadFromClasspath(TestServices.JSON);
    private static final String SYSTEM_TYPES = "urn:hl7-org:elm-types:r1";
    /** The longest list the test assumes: the first item and "99 more". */
    private static final int LIST_ITEMS = 100;

    @Test
    void everySummaryFitsWithTheLongestValueOfEachPlaceholder() {
        List<String> tooLong = new ArrayList<>();
        for (CardDefinition card : CATALOGUE.cards()) {
            Library library = TestServices.evaluator().libraries().require(card.library());
            for (String template : summaryTemplates(card)) {
                String longest = longestRendering(card, template, library);
                if (longest.length() > CardRenderer.MAX_SUMMARY) {
                    tooLong.add(card.id() + " (" + longest.length() + "): " + longest);
                }
            }
        }
        assertThat(tooLong).as("summaries longer than %d characters at worst", CardRenderer.MAX_SUMMARY).isEmpty();
    }

    /** And in practice: the cards of every CQL case, rendered, have whole summaries under 140 characters. */
    @Test
    void everyCqlCaseRendersSummariesThatFit() {
        ExerciseCatalogue exercises = ExerciseCatalogue.loadFromClasspath(TestServices.JSON);
        CardRenderer renderer = new CardRenderer(CATALOGUE, exercises, new CardLinks(CATALOGUE,
                HandoutCatalogue.loadFromClasspath(TestServices.JSON, exercises), PublicBaseUrl.LOCAL));
        int cards = 0;
        for (LibraryCase testCase : LibraryCases.all()) {
            DefineResults results = TestServices.evaluator().evaluate(testCase.library(), testCase.data(),
                    testCase.parameters(), testCase.now());
            RenderContext context = new RenderContext(testCase.data().patientId(), "Practitioner/test",
                    new SequentialIds());
            for (Card card : renderer.render(CATALOGUE.forLibrary(testCase.library()), results, context)) {
                assertThat(card.summary()).as("%s", testCase).hasSizeLessThanOrEqualTo(CardRenderer.MAX_SUMMARY)
                        .doesNotContain("…");
                cards++;
            }
        }
        assertThat(cards).as("cards rendered from the CQL cases").isPositive();
    }

    /** The walk finds the literals of a list of reasons, and refuses text it cannot bound. */
    @Test
    void theLiteralWalkFindsReasonsAndRefusesRecordText() {
        Library otc = TestServices.evaluator().libraries().require("OtcAnalgesicSafety");
        assertThat(new Literals(otc).of("Avoid NSAID Reasons"))
                .contains("NSAID allergy or aspirin-sensitive asthma", "heart failure", "INR above 3");
        Library view = TestServices.evaluator().libraries().require("BackParesthesiaPatientView");
        assertThat(new Literals(view).of("Function Tool")).containsExactlyInAnyOrder("PEG",
                "PROMIS physical function T-score");
        try {
            new Literals(otc).of("Judged Draft References");
            fail("a reference built from a record id cannot be bounded");
        } catch (AssertionError expected) {
            assertThat(expected).hasMessageContaining("cannot bound");
        }
    }

    private static List<String> summaryTemplates(CardDefinition card) {
        return CardCatalogueTest.summaryTexts(card);
    }

    /** The template filled with the placeholder values that render longest, one placeholder at a time. */
    private static String longestRendering(CardDefinition card, String template, Library library) {
        Map<String, Object> worst = new HashMap<>();
        for (String placeholder : TemplateText.placeholders(template)) {
            String define = card.values().get(placeholder);
            if (define != null) {
                Object longest = null;
                int width = -1;
                for (Object candidate : candidates(library, define)) {
                    int candidateWidth = filled(card, "{" + placeholder + "}", define, candidate).length();
                    if (candidateWidth > width) {
                        longest = candidate;
                        width = candidateWidth;
                    }
                }
                worst.put(define, longest);
            } else {
                Choice choice = card.choices().get(placeholder);
                worst.put(choice.define(), choice.ifTrue().length() >= choice.ifFalse().length());
            }
        }
        return TemplateText.fillSummary(template, card, new DefineResults(card.library(), worst));
    }

    private static String filled(CardDefinition card, String template, String define, Object value) {
        Map<String, Object> values = new HashMap<>();
        values.put(define, value);
        return TemplateText.fillSummary(template, card, new DefineResults(card.library(), values));
    }

    /** Every value of the define's type that could render longest (null included). */
    private static List<Object> candidates(Library library, String define) {
        ExpressionDef def = definition(library, define);
        List<Object> candidates = new ArrayList<>();
        candidates.add(null);
        QName type = def.getResultTypeName();
        TypeSpecifier specifier = def.getResultTypeSpecifier();
        if (type == null && specifier instanceof ListTypeSpecifier list
                && list.getElementType() instanceof NamedTypeSpecifier element
                && isSystem(element.getName(), "String")) {
            List<String> literals = sortedLongestFirst(new Literals(library).of(define));
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < LIST_ITEMS; i++) {
                items.add(literals.get(i % literals.size()));
            }
            candidates.add(items);
            candidates.add(List.of());
        } else if (isSystem(type, "String")) {
            candidates.add(sortedLongestFirst(new Literals(library).of(define)).get(0));
        } else if (isSystem(type, "Integer")) {
            candidates.addAll(List.of(Value.MIN_INT, Value.MAX_INT));
        } else if (isSystem(type, "Long")) {
            candidates.addAll(List.of(Value.MIN_LONG, Value.MAX_LONG));
        } else if (isSystem(type, "Decimal")) {
            candidates.addAll(List.of(Value.MIN_DECIMAL, Value.MAX_DECIMAL));
        } else if (isSystem(type, "Date")) {
            candidates.add(new Date(9999, 12, 31));
        } else if (isSystem(type, "Boolean")) {
            candidates.add(false);
        } else {
            fail("\"" + define + "\" has a result type no summary can bound: " + (type != null ? type : specifier));
        }
        return candidates;
    }

    private static List<String> sortedLongestFirst(Set<String> literals) {
        assertThat(literals).as("string literals").isNotEmpty();
        return literals.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    private static boolean isSystem(QName type, String name) {
        return type != null && SYSTEM_TYPES.equals(type.getNamespaceURI()) && name.equals(type.getLocalPart());
    }

    private static ExpressionDef definition(Library library, String name) {
        return library.getStatements().getDef().stream()
                .filter(def -> !(def instanceof FunctionDef) && def.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No define \"" + name + "\" in " + library.getIdentifier().getId()));
    }

    /**
     * The string literals an expression can evaluate to, following only the positions its value comes from: a
     * condition, a where clause or a comparison never becomes text, so its literals are not collected.
     */
    private static final class Literals {

        private final Library library;
        private final Set<String> visiting = new HashSet<>();

        Literals(Library library) {
            this.library = library;
        }

        Set<String> of(String define) {
            return walk(definition(library, define).getExpression(), null, Map.of(), define);
        }

        /** The literals of the expression's value or, with a path, of that element of its tuples. */
        private Set<String> walk(Expression e, String path, Map<String, Expression> aliases, String where) {
            Set<String> out = new LinkedHashSet<>();
            if (e == null || e instanceof Null) {
                return out;
            }
            if (e instanceof Literal literal && path == null) {
                if (isSystem(literal.getValueType(), "String")) {
                    out.add(literal.getValue());
                }
            } else if (e instanceof As as) {
                out.addAll(walk(as.getOperand(), path, aliases, where));
            } else if (e instanceof If branch) {
                out.addAll(walk(branch.getThen(), path, aliases, where));
                out.addAll(walk(branch.getElse(), path, aliases, where));
            } else if (e instanceof Case choice) {
                for (CaseItem item : choice.getCaseItem()) {
                    out.addAll(walk(item.getThen(), path, aliases, where));
                }
                out.addAll(walk(choice.getElse(), path, aliases, where));
            } else if (e instanceof org.hl7.elm.r1.List list) {
                list.getElement().forEach(item -> out.addAll(walk(item, path, aliases, where)));
            } else if (e instanceof Tuple tuple && path != null) {
                for (TupleElement element : tuple.getElement()) {
                    if (element.getName().equals(path)) {
                        out.addAll(walk(element.getValue(), null, aliases, where));
                    }
                }
            } else if (e instanceof Query query) {
                Map<String, Expression> inScope = new LinkedHashMap<>(aliases);
                for (AliasedQuerySource source : query.getSource()) {
                    inScope.put(source.getAlias(), source.getExpression());
                }
                if (query.getReturn() != null) {
                    out.addAll(walk(query.getReturn().getExpression(), path, inScope, where));
                } else {
                    query.getSource().forEach(s -> out.addAll(walk(s.getExpression(), path, inScope, where)));
                }
            } else if (e instanceof AliasRef alias && aliases.containsKey(alias.getName())) {
                out.addAll(walk(aliases.get(alias.getName()), path, aliases, where));
            } else if (e instanceof Property property && path == null) {
                Expression source = property.getSource() != null ? property.getSource()
                        : aliases.get(property.getScope());
                if (source == null) {
                    throw cannotBound(e, where);
                }
                out.addAll(walk(source, property.getPath(), aliases, where));
            } else if (e instanceof ExpressionRef ref && ref.getLibraryName() == null) {
                if (visiting.add(ref.getName())) {
                    out.addAll(walk(definition(library, ref.getName()).getExpression(), path, Map.of(), ref.getName()));
                    visiting.remove(ref.getName());
                }
            } else if (e instanceof First first) {
                out.addAll(walk(first.getSource(), path, aliases, where));
            } else if (e instanceof Last last) {
                out.addAll(walk(last.getSource(), path, aliases, where));
            } else if (e instanceof SingletonFrom || e instanceof Distinct || e instanceof Flatten
                    || e instanceof ToList) {
                out.addAll(walk(((org.hl7.elm.r1.UnaryExpression) e).getOperand(), path, aliases, where));
            } else if (e instanceof Union || e instanceof Except || e instanceof Intersect || e instanceof Coalesce) {
                ((org.hl7.elm.r1.NaryExpression) e).getOperand()
                        .forEach(operand -> out.addAll(walk(operand, path, aliases, where)));
            } else {
                throw cannotBound(e, where);
            }
            return out;
        }

        private static AssertionError cannotBound(Expression e, String where) {
            return new AssertionError("cannot bound the text of \"" + where + "\": a "
                    + e.getClass().getSimpleName() + " in a value position");
        }
    }
}
