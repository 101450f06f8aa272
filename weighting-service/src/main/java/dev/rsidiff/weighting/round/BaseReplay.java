package dev.rsidiff.weighting.round;

import dev.rsidiff.events.score.ScoresComputed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Replay of base-model samples: a later round's training data keeps a share of the base distribution, drawn from the
 * run's first round, whose whole pool the base checkpoint generated. Accumulating data instead of replacing it is
 * what bounds collapse in "Is model collapse inevitable?" (arXiv 2404.01413); here the base model's samples play the
 * part of the real data, since there is none.
 */
final class BaseReplay {

    private BaseReplay() {
    }

    /**
     * {@code count} samples of {@code basePool} without repetition (all of it when it holds fewer), the same for the
     * same seed whatever order the pool was read in.
     */
    static List<ScoresComputed> draw(List<ScoresComputed> basePool, int count, long seed) {
        List<ScoresComputed> pool = new ArrayList<>(basePool);
        pool.sort(Comparator.comparing(ScoresComputed::getImageId));
        Collections.shuffle(pool, new Random(seed));
        return List.copyOf(pool.subList(0, Math.min(count, pool.size())));
    }
}
