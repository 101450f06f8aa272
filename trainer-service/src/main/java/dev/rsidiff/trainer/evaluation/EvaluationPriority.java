package dev.rsidiff.trainer.evaluation;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU priority of the threads that evaluate checkpoints: a Linux niceness (0 = unchanged, up to 19).
 *
 * <p>Why: a run's base is evaluated while its first round generates, and each round's checkpoint while the next
 * round generates, on the same cores. The evaluation is on no round's critical path (nothing waits for it but the
 * report), the generation is on every one. On the 2-core machine the base evaluation (500 images) took 18 s alone
 * and 54 s beside round 1's generation, and the generator made 29% of its standalone rate while it ran
 * ({@code rsi bench loop}). With a niceness, the scheduler gives the evaluation what the other stages leave.
 *
 * <p>Linux schedules each thread on its own, so the niceness is set on the evaluating thread (once), not on the
 * process: training keeps its priority. The evaluation's intra-op threads are lowered with it: libtorch's OpenMP
 * starts a team of threads for each thread that runs a parallel op, from that thread and on its first such op, and a
 * new thread inherits its creator's niceness ({@code EvaluationPriorityTest}). So the niceness has to be set before
 * the thread's first op, which is why {@link RoundEvaluation} sets it first thing on the listener's own thread;
 * a thread that ran ops before keeps a team at its old priority. (A lowered team is not a cheap background worker:
 * its threads wait for each other at every op's end, so while other work holds the cores it makes little progress.
 * On 2 cores a trainer with two intra-op threads evaluated the base model mostly after the round's fine-tuning
 * rather than beside the generation; the README's performance section has the figures.) Raising a thread's niceness
 * needs no privilege; lowering it back would, which is why a thread is never returned to its old priority.
 */
public final class EvaluationPriority {

    /** The setting, from {@code rsidiff.evaluation.niceness} (environment: {@code RSIDIFF_EVALUATION_NICENESS}). */
    public static final String SETTING = "rsidiff.evaluation.niceness";
    public static final EvaluationPriority UNCHANGED = new EvaluationPriority(0);

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationPriority.class);
    private static final int PRIO_PROCESS = 0;

    private final int niceness;
    private final Set<Long> lowered = ConcurrentHashMap.newKeySet();

    private EvaluationPriority(int niceness) {
        this.niceness = niceness;
    }

    /** @throws IllegalArgumentException naming the setting, if the niceness is outside 0..19 */
    public static EvaluationPriority of(int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException(SETTING + "=" + niceness + " is outside 0..19 (0 leaves the"
                    + " evaluation at the service's priority, 19 is the lowest)");
        }
        return niceness == 0 ? UNCHANGED : new EvaluationPriority(niceness);
    }

    public int niceness() {
        return niceness;
    }

    /**
     * Lowers the calling thread to the niceness, the first time a thread calls. Where that cannot be done (no
     * {@code /proc/thread-self}: not Linux), it says so once per thread and the evaluation runs unchanged.
     */
    public void applyToCurrentThread() {
        if (niceness == 0 || !lowered.add(Thread.currentThread().getId())) {
            return;
        }
        try {
            int tid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            LibC.INSTANCE.setpriority(PRIO_PROCESS, tid, niceness);
            LOG.info("Evaluation thread '{}' (tid {}) runs at niceness {} ({})", Thread.currentThread().getName(),
                    tid, niceness, SETTING);
        } catch (IOException | NumberFormatException | LastErrorException e) {
            LOG.warn("Could not lower the evaluation thread '{}' to niceness {} ({}); it runs at the service's"
                    + " priority", Thread.currentThread().getName(), niceness, e.toString());
        }
    }

    /** The C library's setpriority(2); "who" is a thread id under Linux's per-thread scheduling. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setpriority(int which, int who, int prio) throws LastErrorException;
    }
}
