package dev.rsidiff.bench.loop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessStatsTest {

    @Test
    void readsThisProcesssCpuTimeAndPeakMemory() {
        long pid = ProcessHandle.current().pid();
        ProcessStats before = ProcessStats.of(pid);
        long spin = 0;
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
            spin++;
        }
        ProcessStats after = ProcessStats.of(pid);

        assertThat(spin).isPositive();
        assertThat(after.cpuSeconds() - before.cpuSeconds()).as("CPU seconds of 0.3 s spinning").isBetween(0.1, 5.0);
        assertThat(after.peakRssMiB()).as("a JVM's peak RSS in MiB").isGreaterThan(20);
    }

    @Test
    void aProcessThatIsGoneIsAClearError() {
        assertThatThrownBy(() -> ProcessStats.of(Integer.MAX_VALUE)).hasMessageContaining("/proc/" + Integer.MAX_VALUE);
    }
}
