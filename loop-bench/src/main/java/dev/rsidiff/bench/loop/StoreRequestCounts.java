package dev.rsidiff.bench.loop;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's object-store requests by kind, read from the {@code rsidiff_blob_requests_total} counters it serves
 * (dev.rsidiff.runtime.StoreRequestMetrics).
 */
record StoreRequestCounts(Map<String, Long> byKind) {

    private static final Pattern COUNTER = Pattern.compile(
            "^rsidiff_blob_requests_total\\{kind=\"([a-z]+)\",?} ([0-9.eE+]+)$", Pattern.MULTILINE);

    StoreRequestCounts {
        byKind = Map.copyOf(byKind);
    }

    /** The counters in a Prometheus text page; a page without them is an error (the service predates them). */
    static StoreRequestCounts parse(String prometheusText) {
        Map<String, Long> out = new TreeMap<>();
        Matcher m = COUNTER.matcher(prometheusText);
        while (m.find()) {
            out.put(m.group(1), Math.round(Double.parseDouble(m.group(2))));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No rsidiff_blob_requests_total counter among the service's metrics");
        }
        return new StoreRequestCounts(out);
    }

    /** What was sent between {@code earlier} and this. */
    StoreRequestCounts minus(StoreRequestCounts earlier) {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((kind, n) -> out.put(kind, n - earlier.byKind.getOrDefault(kind, 0L)));
        return new StoreRequestCounts(out);
    }

    long of(String kind) {
        return byKind.getOrDefault(kind, 0L);
    }

    long total() {
        return byKind.values().stream().mapToLong(Long::longValue).sum();
    }
}
