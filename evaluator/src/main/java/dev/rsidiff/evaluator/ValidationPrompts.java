package dev.rsidiff.evaluator;

import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.HeldOutSplit;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneSampler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validation prompt set: prompts of the same kind as the held-out ones (full captions of single-object scenes
 * of held-out combinations, never in a training pool), drawn with another seed and disjoint from every prompt a
 * held-out evaluation can use ({@link HeldOutPrompts#MAX}). Every decision a run takes from its own results (which
 * round is best) is taken on these, so the held-out figures stay an unbiased report of that choice.
 */
public final class ValidationPrompts {

    public static final long SEED = 4711;
    /** The most validation prompts there are room for beside the held-out ones. */
    public static final int MAX = 300;

    private ValidationPrompts() {
    }

    /** The scenes of the first {@code count} validation prompts; always the same list. */
    public static List<Scene> scenes(int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("validation prompts must be between 1 and " + MAX + ", got " + count);
        }
        Set<String> heldOut = new HashSet<>(HeldOutPrompts.prompts(HeldOutPrompts.MAX));
        SceneSampler sampler = new SceneSampler(SEED);
        List<Scene> out = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        while (out.size() < count) {
            Scene s = sampler.next();
            Scene single = new Scene(s.background(), s.primary(), Optional.empty());
            String caption = Captioner.full(single);
            if (HeldOutSplit.isHeldOut(s) && !heldOut.contains(caption) && seen.add(caption)) {
                out.add(single);
            }
        }
        return out;
    }
}
