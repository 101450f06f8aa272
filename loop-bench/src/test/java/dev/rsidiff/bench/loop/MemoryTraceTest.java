package dev.rsidiff.bench.loop;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryTraceTest {

    @Test
    void aPeakBetweenTwoReadingsIsNotMissed() throws Exception {
        // given a process that, once told, holds about 100 MB for a moment, frees it and waits
        Process spike = spike("read go; ");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(spike.getInputStream(), StandardCharsets.UTF_8))) {
            Instant start = Instant.now();
            // when its memory is read every 2 s and the peak comes and goes between two readings
            try (MemoryTrace trace = new MemoryTrace(Map.of("spike", spike.pid()), Duration.ofSeconds(2))) {
                OutputStream in = spike.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(out.readLine()).isEqualTo("freed");
                double residentAfter = ProcessStats.rssMiB(spike.pid());
                Thread.sleep(2_500); // past the next reading
                Instant end = Instant.now();

                // then that reading holds the peak, though the resident set had fallen far below it
                assertThat(residentAfter).isLessThan(50);
                assertThat(trace.peak("spike", start, end)).isPresent();
                assertThat(trace.peak("spike", start, end).getAsDouble()).isGreaterThan(90);
                assertThat(trace.peak("spike", end.plusSeconds(60), end.plusSeconds(120))).as("no reading there").isEmpty();
            }
        } finally {
            spike.destroyForcibly().waitFor();
        }
    }

    @Test
    void startingThePeakAgainBringsItDownToTheResidentSet() throws Exception {
        // given a process whose peak is far above its resident set
        Process spike = spike("");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(spike.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("freed");
            assertThat(ProcessStats.peakRssMiB(spike.pid())).isGreaterThan(90);

            // when its high-water mark is started again
            boolean reset = ProcessStats.resetPeak(spike.pid());

            // then it is where the resident set is
            assertThat(reset).isTrue();
            assertThat(ProcessStats.peakRssMiB(spike.pid())).isLessThan(50);
        } finally {
            spike.destroyForcibly().waitFor();
        }
    }

    @Test
    void readsThisProcesssResidentSetBelowItsPeak() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcessStats.rssMiB(pid)).isGreaterThan(20).isLessThanOrEqualTo(ProcessStats.of(pid).peakRssMiB());
    }

    /**
     * A shell that runs {@code first}, then holds about 100 MB for a moment, frees it, prints "freed" and waits 30 s.
     */
    private static Process spike(String first) throws java.io.IOException {
        return new ProcessBuilder("sh", "-c",
                first + "x=$(head -c 100000000 /dev/zero | tr '\\0' a); unset x; echo freed; sleep 30").start();
    }
}
