package dev.rsidiff.trainer.evaluation;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EvaluationPriorityTest {

    @Test
    void lowersTheCallingThreadOnlyAndOnlyOnce() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only: per-thread niceness");
        EvaluationPriority priority = EvaluationPriority.of(7);
        // On a thread of its own: a niceness is never raised back, and the test's thread must keep its own
        int[] seen = CompletableFuture.supplyAsync(() -> {
            int before = niceOfThisThread();
            priority.applyToCurrentThread();
            priority.applyToCurrentThread();
            return new int[]{before, niceOfThisThread()};
        }, r -> new Thread(r, "evaluation-test").start()).get();
        assumeTrue(seen[0] <= 7, "the test runs at a niceness of at most 7");
        assertThat(seen[1]).isEqualTo(7);
        assertThat(niceOfThisThread()).as("the calling test thread").isEqualTo(seen[0]);
    }

    @Test
    void zeroLeavesThePriorityAndOutOfRangeIsRefusedNamingTheSetting() {
        assertThat(EvaluationPriority.of(0)).isSameAs(EvaluationPriority.UNCHANGED);
        assertThatThrownBy(() -> EvaluationPriority.of(20)).hasMessageContaining(EvaluationPriority.SETTING + "=20");
        assertThatThrownBy(() -> EvaluationPriority.of(-1)).hasMessageContaining(EvaluationPriority.SETTING + "=-1");
    }

    /** Field 19 of /proc/thread-self/stat, after the command name (which may hold spaces) in parentheses. */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
