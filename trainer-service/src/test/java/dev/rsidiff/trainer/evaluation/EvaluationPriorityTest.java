package dev.rsidiff.trainer.evaluation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

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
    void theIntraOpThreadsOfAnEvaluationThreadRunAtItsPriority() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only: per-thread niceness");
        // given libtorch started on the test's thread, and a priority for evaluations
        Engine.getEngine("PyTorch");
        EvaluationPriority priority = EvaluationPriority.of(9);

        // when a fresh thread lowers itself and then runs ops on two intra-op threads (libtorch's OpenMP starts
        // a thread's team from that thread, on its first parallel op)
        Map<Integer, Integer> niceByTask = CompletableFuture.supplyAsync(() -> {
            priority.applyToCurrentThread();
            JniUtils.setNumThreads(2);
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray a = manager.randomNormal(new Shape(256, 256));
                for (int i = 0; i < 20; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        a.matMul(a).attach(step);
                    }
                }
                return niceOfTasksNamed("evaluating-ops"); // the team's threads take their creator's name
            }
        }, r -> new Thread(r, "evaluating-ops").start()).get();

        // then the thread and the intra-op thread it started both run at that priority
        assertThat(niceByTask).as("tasks named after the evaluating thread, by nice value").hasSizeGreaterThanOrEqualTo(2);
        assertThat(niceByTask.values()).containsOnly(9);
    }

    @Test
    void zeroLeavesThePriorityAndOutOfRangeIsRefusedNamingTheSetting() {
        assertThat(EvaluationPriority.of(0)).isSameAs(EvaluationPriority.UNCHANGED);
        assertThatThrownBy(() -> EvaluationPriority.of(20)).hasMessageContaining(EvaluationPriority.SETTING + "=20");
        assertThatThrownBy(() -> EvaluationPriority.of(-1)).hasMessageContaining(EvaluationPriority.SETTING + "=-1");
    }

    /** The nice value of each of this process's threads whose name (at most 15 characters) is {@code name}. */
    private static Map<Integer, Integer> niceOfTasksNamed(String name) {
        Map<Integer, Integer> nice = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().equals(name)) {
                        nice.put(Integer.parseInt(task.getFileName().toString()), niceOf(task.resolve("stat")));
                    }
                } catch (IOException ended) {
                    // a thread that ended while the tasks were listed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nice;
    }

    /** Field 19 of /proc/thread-self/stat, after the command name (which may hold spaces) in parentheses. */
    private static int niceOfThisThread() {
        try {
            return niceOf(Path.of("/proc/thread-self/stat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int niceOf(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
