package dev.rsidiff.bench.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryTraceTest {

    @Test
    void givesTheHighestResidentSetSampledInAWindowAndNothingForAWindowWithoutSamples() throws Exception {
        long pid = ProcessHandle.current().pid();
        Instant start = Instant.now();
        double peakSoFar;
        try (MemoryTrace trace = new MemoryTrace(Map.of("this", pid), Duration.ofMillis(20))) {
            Thread.sleep(300);
            Instant end = Instant.now();
            peakSoFar = ProcessStats.of(pid).peakRssMiB();
            assertThat(trace.peak("this", start, end)).as("sampled while the JVM runs").isPresent();
            assertThat(trace.peak("this", start, end).getAsDouble()).isGreaterThan(20).isLessThanOrEqualTo(peakSoFar);
            assertThat(trace.peak("this", end.plusSeconds(60), end.plusSeconds(120))).isEmpty();
        }
    }

    @Test
    void readsThisProcesssResidentSetBelowItsPeak() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcessStats.rssMiB(pid)).isGreaterThan(20).isLessThanOrEqualTo(ProcessStats.of(pid).peakRssMiB());
    }
}
