package dev.rsidiff.engine.sample;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchWorkersTest {

    @Test
    void tasksRunOnTheWorkersSideBySideAndReturnInTheirOrder() throws Exception {
        AtomicInteger started = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (BatchWorkers two = BatchWorkers.of(2, "w", started::incrementAndGet)) {
            // Given two tasks that each wait until both run at once
            CountDownLatch both = new CountDownLatch(2);
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int value = i;
                tasks.add(() -> {
                    threads.add(Thread.currentThread().getName());
                    both.countDown();
                    assertThat(both.await(10, TimeUnit.SECONDS)).as("the other task runs at the same time").isTrue();
                    return value;
                });
            }

            // When run, then the results keep the tasks' order, from two threads that each ran the start hook
            assertThat(two.all(tasks)).containsExactly(0, 1);
            assertThat(threads).hasSize(2).allSatisfy(n -> assertThat(n).startsWith("w-"));
            assertThat(started).hasValue(2);
        }
    }

    @Test
    void aFailedTaskIsRethrownAsItWasAfterTheOthersStopped() {
        try (BatchWorkers two = BatchWorkers.of(2, "w", () -> { })) {
            // Given a task that fails once the other has started, and one that takes a while
            AtomicInteger finished = new AtomicInteger();
            CountDownLatch secondStarted = new CountDownLatch(1);
            List<Callable<Integer>> tasks = List.of(
                    () -> {
                        secondStarted.await(10, TimeUnit.SECONDS);
                        throw new IllegalArgumentException("batch 0 is bad");
                    },
                    () -> {
                        secondStarted.countDown();
                        Thread.sleep(200);
                        finished.incrementAndGet();
                        return 1;
                    });

            // When run, then the failure is thrown as it was
            assertThatThrownBy(() -> two.all(tasks)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("batch 0 is bad");
            // the running task was waited for, not abandoned while it used the model
            assertThat(finished).hasValue(1);
        }
    }

    @Test
    void oneWorkerRunsOnTheCallingThreadAndABadCountIsRefused() {
        assertThat(BatchWorkers.of(1, "w", () -> { })).isSameAs(BatchWorkers.INLINE);
        String caller = Thread.currentThread().getName();
        List<Callable<String>> tasks = List.of(() -> Thread.currentThread().getName());
        assertThat(BatchWorkers.INLINE.all(tasks)).containsExactly(caller);
        assertThatThrownBy(() -> BatchWorkers.of(0, "w", () -> { })).hasMessageContaining("got 0");
        assertThatThrownBy(() -> BatchWorkers.of(65, "w", () -> { })).hasMessageContaining("got 65");
    }
}
