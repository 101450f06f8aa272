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
 * Each service's resident memory (VmRSS), sampled at a fixed interval while a run goes on, so that a run's rounds
 * can be compared: a service that keeps something per round (images, models, graphs) grows from round to round.
 */
final class MemoryTrace implements AutoCloseable {

    /** One reading: when, and each service's resident set in MiB. */
    record Sample(Instant at, Map<String, Double> rssMiB) {
    }

    private final Map<String, Long> pids;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-trace");
        t.setDaemon(true);
        return t;
    });

    /** @param pids the processes to follow, by service */
    MemoryTrace(Map<String, Long> pids, Duration interval) {
        this.pids = Map.copyOf(pids);
        timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        Map<String, Double> rss = new LinkedHashMap<>();
        pids.forEach((service, pid) -> rss.put(service, ProcessStats.rssMiB(pid)));
        synchronized (samples) {
            samples.add(new Sample(Instant.now(), rss));
        }
    }

    /** The highest resident set of {@code service} sampled in [from, to], if any sample fell there. */
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
