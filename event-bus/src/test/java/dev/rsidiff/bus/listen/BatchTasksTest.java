package dev.rsidiff.bus.listen;

import dev.rsidiff.schemas.RecordFault;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchTasksTest {

    static final class BadRecord extends RuntimeException implements RecordFault {
        BadRecord(String message) {
            super(message);
        }
    }

    @Test
    void tasksRunSideBySideAndResultsKeepTheItemsOrder() {
        try (BatchTasks tasks = new BatchTasks("test", 4)) {
            // Given four tasks that each wait until all four have started (they cannot finish one after another)
            CountDownLatch started = new CountDownLatch(4);
            Map<String, Integer> out = tasks.all(List.of("d", "a", "c", "b"), s -> {
                started.countDown();
                try {
                    assertThat(started.await(10, TimeUnit.SECONDS)).as("all four running at once").isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return (int) s.charAt(0);
            });
            assertThat(out.keySet()).containsExactly("d", "a", "c", "b");
            assertThat(out.get("a")).isEqualTo((int) 'a');
        }
    }

    @Test
    void aRecordsFaultIsHandedBackAndAnyOtherFailureIsThrownOnceAllHaveFinished() {
        try (BatchTasks tasks = new BatchTasks("test", 2)) {
            Map<String, RuntimeException> rejected = new LinkedHashMap<>();
            Map<String, String> ok = tasks.each(List.of("a", "bad", "c"), s -> {
                if (s.equals("bad")) {
                    throw new BadRecord("no good");
                }
                return s.toUpperCase();
            }, rejected);
            assertThat(ok).containsOnlyKeys("a", "c");
            assertThat(rejected).containsOnlyKeys("bad");

            Map<String, Boolean> finished = new ConcurrentHashMap<>();
            assertThatThrownBy(() -> tasks.each(List.of("store down", "slow", "bad"), s -> {
                switch (s) {
                    case "store down" -> throw new IllegalStateException("S3 unreachable");
                    case "bad" -> throw new BadRecord("no good");
                    default -> {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                finished.put(s, true);
                return s;
            }, new LinkedHashMap<>())).hasMessage("S3 unreachable");
            assertThat(finished).as("the slow task finished before the failure was thrown").containsKey("slow");

            // Without a place for rejections, a record's fault fails the batch like any other failure
            assertThatThrownBy(() -> tasks.all(List.of("bad"), s -> {
                throw new BadRecord("no good");
            })).isInstanceOf(BadRecord.class);
        }
    }

    @Test
    void anErrorIsThrownAsItselfAndDuplicateItemsAreRefused() {
        try (BatchTasks tasks = new BatchTasks("test", 2)) {
            assertThatThrownBy(() -> tasks.all(List.of("x"), s -> {
                throw new OutOfMemoryError("test");
            })).isInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> tasks.all(List.of("x", "x"), s -> s)).hasMessageContaining("distinct");
        }
    }
}
