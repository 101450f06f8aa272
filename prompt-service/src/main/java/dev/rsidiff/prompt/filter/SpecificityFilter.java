package dev.rsidiff.prompt.filter;

import dev.rsidiff.engine.world.PromptAttributes;

/**
 * Specificity: the share of the five attributes (shape, colour, size, region, background) the prompt names, plus
 * a bonus of 0.2 for a second object ("and ..."), capped at 1. Prompts below the threshold (default 0.4: at least
 * two attributes) are rejected as too vague.
 */
public final class SpecificityFilter implements PromptFilter {

    public static final String NAME = "specificity";
    private final double threshold;

    public SpecificityFilter(double threshold) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("specificity threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterVerdict judge(String prompt) {
        PromptAttributes a = PromptAttributes.parse(prompt == null ? "" : prompt);
        double score = a.named().size() / 5.0 + (prompt != null && prompt.contains(" and ") ? 0.2 : 0);
        score = Math.min(1.0, score);
        return score >= threshold ? FilterVerdict.accept(NAME, score)
                : FilterVerdict.reject(NAME, score, "too vague: names " + a.named().size() + " of 5 attributes");
    }
}
