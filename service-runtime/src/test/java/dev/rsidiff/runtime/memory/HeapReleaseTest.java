package dev.rsidiff.runtime.memory;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeapReleaseTest {

    @Test
    void collectAndTrimRunsTheCollector() {
        // Given garbage on the heap
        List<float[]> garbage = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            garbage.add(new float[16_384]);
        }
        garbage.clear();

        // When memory is handed back after a round
        long before = collections();
        HeapRelease.collectAndTrim().after("a test round");

        // Then the collectors counted a collection
        assertThat(collections()).isGreaterThan(before);
    }

    @Test
    void theNativeHeapIsTrimmedByTheJvmsOwnCommand() {
        // Given the JVM these services run on (JDK 17.0.9 or later, glibc), when its native heap is trimmed
        String report = HeapRelease.CollectAndTrim.trimNativeHeap();

        // Then the JVM reports the trim, with the resident size before and after
        assertThat(report).startsWith("Trim native heap").contains("->");
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
