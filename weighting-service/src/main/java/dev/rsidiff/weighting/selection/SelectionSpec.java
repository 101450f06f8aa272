package dev.rsidiff.weighting.selection;

import dev.rsidiff.events.run.SelectionRule;

import java.util.List;
import java.util.Map;

/**
 * What preference sampling keeps.
 *
 * @param rule          the rule
 * @param topK          at most this many samples in all
 * @param perPromptKeep PER_PROMPT: at most this many samples of each prompt
 * @param rankBy        the scorers whose scores rank (the others only veto through {@code floors})
 * @param floors        a sample scoring below the floor of any scorer named here is never kept (RANDOM, the
 *                      ablation without preference sampling, ignores them)
 * @param seed          RANDOM's draw
 */
public record SelectionSpec(SelectionRule rule, int topK, int perPromptKeep, List<String> rankBy,
                            Map<String, Double> floors, long seed) {

    public SelectionSpec {
        if (topK < 1 || perPromptKeep < 1) {
            throw new IllegalArgumentException("topK and perPromptKeep must be >= 1, got " + topK + " and "
                    + perPromptKeep);
        }
        if (rankBy.isEmpty()) {
            throw new IllegalArgumentException("No scorer ranks: rankBy is empty");
        }
        rankBy = List.copyOf(rankBy);
        floors = Map.copyOf(floors);
    }

    /** The global rules as before floors and per-prompt selection existed: every scorer ranks, no floor. */
    public static SelectionSpec global(SelectionRule rule, int topK, List<String> scorers, long seed) {
        return new SelectionSpec(rule, topK, 1, scorers, Map.of(), seed);
    }
}
