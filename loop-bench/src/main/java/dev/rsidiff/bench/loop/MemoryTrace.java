package dev.rsidiff.bench.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each service's resident memory, read at a fixed interval while a run goes on, so that a run's rounds can be
 * compared: a service that keeps something per round (images, models, graphs) grows from round to round.
 * <p>
 * A reading is the highest resident set since the one before: the kernel's high-water mark (VmHWM), started again
 * after each reading ({@link ProcessStats#resetPeak}). Why not the resident set at the moment of reading: a stage's
 * peak can last less than the interval. The weighting service's resident set rises by about 55 MiB while it
 * decides a round and falls back when it hands memory back, and with the resident set read once a second its
 * rounds' peaks in one ten-round run ranged over 400-458 MiB, a round caught at its peak or not. Where the kernel
 * does not allow the reset, a reading is the resident set at that moment (VmRSS).
 */
final class MemoryTrace implements AutoCloseable {

    /** One reading: when, and each service's resident set in MiB. */
    record Sample(Instant at, Map<String, Double> rssMiB) {
    }

    private final Map<String, Long> pids;
    /** Whether every process's high-water mark could be started again, so readings are peaks (see the class doc). */
    private final boolean peaks;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-trace");
        t.setDaemon(true);
        return t;
    });

    /** @param pids the processes to follow, by service */
    MemoryTrace(Map<String, Long> pids, Duration interval) {
        this.pids = Map.copyOf(pids);
        this.peaks = this.pids.values().stream().allMatch(ProcessStats::resetPeak);
        timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        Map<String, Double> rss = new LinkedHashMap<>();
        pids.forEach((service, pid) -> {
            if (peaks) {
                rss.put(service, ProcessStats.peakRssMiB(pid));
                ProcessStats.resetPeak(pid);
            } else {
                rss.put(service, ProcessStats.rssMiB(pid));
            }
        });
        synchronized (samples) {
            samples.add(new Sample(Instant.now(), rss));
        }
    }

    /**
     * The highest resident set of {@code service} read in [from, to], if any reading fell there. A reading covers the
     * interval before it, so the window's edges are as exact as the interval.
     */
    OptionalDouble peak(String service, Instant from, Instant to) {
        synchronized (samples) {
            return samples.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to))
                    .mapToDouble(s -> s.rssMiB().get(service)).max();
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
