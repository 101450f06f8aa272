package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.engine.sample.BatchWorkers;

import java.util.OptionalInt;

/**
 * How many sampling batches a run's last evaluation draws side by side. It runs after the run's last checkpoint,
 * when nothing else of the run is left: on one thread with one intra-op thread it kept one of the 2 cores of the
 * development machine busy for 18-23 s while the other idled ({@code rsi bench loop}). The other evaluations run
 * beside the next round's generation, where more threads (even at the evaluation's lowered priority) took cores
 * from the generator, so {@link RoundEvaluation} draws those on one.
 */
public final class EvaluationWorkers {

    /** The setting ({@code RSIDIFF_EVALUATION_WORKERS}); 0 is one worker per share of the cores. */
    public static final String SETTING = "rsidiff.evaluation.workers";

    private EvaluationWorkers() {
    }

    /**
     * @param configured     the setting: 0 for the default, else 1..{@value BatchWorkers#MAX}
     * @param cores          the cores this process may use
     * @param intraOpThreads libtorch's intra-op threads per calling thread, when set
     * @return {@code configured}, or by default as many workers as the cores hold intra-op teams (1 when libtorch
     * takes every core itself)
     * @throws IllegalArgumentException naming the setting, for a value outside 0..{@value BatchWorkers#MAX}
     */
    public static int resolve(int configured, int cores, OptionalInt intraOpThreads) {
        return BatchWorkers.count(SETTING, configured, cores, intraOpThreads);
    }
}
