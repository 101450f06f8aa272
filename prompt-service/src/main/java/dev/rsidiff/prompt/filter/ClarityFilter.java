package dev.rsidiff.prompt.filter;

import dev.rsidiff.engine.text.Tokenizer;
import dev.rsidiff.engine.world.Lexicon;
import dev.rsidiff.engine.world.PromptAttributes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Clarity (the paper asks an LLM; here the world's grammar decides): a prompt is unclear if it is empty, uses
 * words outside the world's lexicon (misspellings, unknown objects, style tags), or names two values of one
 * attribute ("a red blue circle"). Score: 1 for clear, 0 otherwise.
 */
public final class ClarityFilter implements PromptFilter {

    public static final String NAME = "clarity";
    private final Set<String> lexicon = new HashSet<>(Lexicon.words());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterVerdict judge(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return FilterVerdict.reject(NAME, 0, "empty prompt");
        }
        List<String> unknown = Tokenizer.words(prompt).stream().filter(w -> !lexicon.contains(w)).distinct().toList();
        if (!unknown.isEmpty()) {
            return FilterVerdict.reject(NAME, 0, "unknown words: " + String.join(", ", unknown));
        }
        if (prompt.matches(".*[0-9].*")) {
            return FilterVerdict.reject(NAME, 0, "digits are not words of the world");
        }
        List<String> contradictions = PromptAttributes.parse(prompt).contradictions();
        if (!contradictions.isEmpty()) {
            return FilterVerdict.reject(NAME, 0, "contradictory: " + String.join("; ", contradictions));
        }
        return FilterVerdict.accept(NAME, 1);
    }
}
