package dev.rsidiff.generator.generation;

import dev.rsidiff.events.prompt.PromptFiltered;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Whether a poll of prompts holds all of each round it touches, so that waiting for more of them is pointless. */
public final class WholeRounds {

    private WholeRounds() {
    }

    /** @return whether every round among {@code prompts} has all of its prompts there (by its prompt count) */
    public static boolean in(List<PromptFiltered> prompts) {
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        for (PromptFiltered p : prompts) {
            String round = p.getMeta().getRunId() + "|" + p.getMeta().getRound();
            seen.computeIfAbsent(round, k -> new HashSet<>()).add(p.getPromptId());
            expected.put(round, p.getPromptCount());
        }
        return seen.entrySet().stream().allMatch(e -> e.getValue().size() >= expected.get(e.getKey()));
    }
}
