package dev.rsidiff.evaluator;

import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.HeldOutSplit;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fixed held-out prompt set: full captions of single-object scenes whose (shape, colour, background)
 * combination is held out by {@link HeldOutSplit}. The loop's prompt corpus skips those combinations (see
 * PromptCorpus), so no prompt here ever appears in a training pool.
 */
public final class HeldOutPrompts {

    public static final long SEED = 777;

    /**
     * The most held-out prompts an evaluation may use. {@link ValidationPrompts} avoids the first this many, so the
     * validation set stays disjoint from any held-out evaluation.
     */
    public static final int MAX = 600;

    private HeldOutPrompts() {
    }

    /** The scenes of the first {@code count} distinct held-out prompts; always the same list. */
    public static List<Scene> scenes(int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("held-out prompts must be between 1 and " + MAX + ", got " + count);
        }
        SceneSampler sampler = new SceneSampler(SEED);
        List<Scene> out = new ArrayList<>(count);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (out.size() < count) {
            Scene s = sampler.next();
            Scene single = new Scene(s.background(), s.primary(), Optional.empty());
            if (HeldOutSplit.isHeldOut(s) && seen.add(Captioner.full(single))) {
                out.add(single);
            }
        }
        return out;
    }

    public static List<String> prompts(int count) {
        return scenes(count).stream().map(Captioner::full).toList();
    }
}
