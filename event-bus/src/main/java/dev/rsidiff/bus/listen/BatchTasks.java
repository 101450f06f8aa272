package dev.rsidiff.bus.listen;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A batch listener's per-record round trips (object store, broker), run side by side. Per record, a stage's I/O is
 * a few round trips of a few milliseconds each, mostly waiting; one after another they cost a generator batch of 64
 * images about 4 s on the 2-core machine, more than sampling them ({@code rsi bench loop}, generator log).
 *
 * <p>Every task of a call finishes before the call returns or throws, so nothing of a batch still runs when the
 * listener retries it. A failure that is the record's own ({@link FailurePolicy#isRecordFault}) is handed back per
 * record where the caller asks for it; any other is thrown once all have finished (the first, with the others
 * suppressed), and an {@link Error} is thrown as itself, to stop the service. Tasks must not call back into the
 * same instance (they would wait for threads that wait for them).
 */
public final class BatchTasks implements AutoCloseable {

    /**
     * How many of a batch's store requests a stage runs at once, the one figure every stage uses. Measured against
     * the local stack's S3Proxy on 2 cores (3 KB objects, warm): a PUT took 1.92 ms one at a time, 1.11 ms each
     * with 8 in flight, 0.97 with 16 and 1.03 with 32; more threads only add memory and contention.
     */
    public static final int IN_FLIGHT = 8;

    private final ExecutorService executor;

    /** {@value #IN_FLIGHT} tasks in flight at once, on threads named {@code <name>-1}, ... */
    public BatchTasks(String name) {
        this(name, IN_FLIGHT);
    }

    /** @param name names the threads ({@code <name>-1}, ...); @param threads tasks in flight at once */
    public BatchTasks(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code work} on every item side by side.
     *
     * @return each item's result, in the items' order (items must be distinct)
     */
    public <T, R> Map<T, R> all(List<T> items, Function<T, R> work) {
        return run(items, work, null);
    }

    /** As {@link #all}, but an item whose failure is its record's fault goes to {@code rejected} and has no result. */
    public <T, R> Map<T, R> each(List<T> items, Function<T, R> work, Map<T, RuntimeException> rejected) {
        return run(items, work, rejected);
    }

    private <T, R> Map<T, R> run(List<T> items, Function<T, R> work, Map<T, RuntimeException> rejected) {
        int distinct = new HashSet<>(items).size();
        if (distinct != items.size()) {
            throw new IllegalArgumentException("BatchTasks needs distinct items; got " + items.size() + " items, "
                    + distinct + " distinct");
        }
        Map<T, CompletableFuture<R>> futures = new LinkedHashMap<>();
        items.forEach(item -> futures.put(item, CompletableFuture.supplyAsync(() -> work.apply(item), executor)));
        Map<T, R> out = new LinkedHashMap<>();
        Error fatal = null;
        RuntimeException failure = null;
        for (Map.Entry<T, CompletableFuture<R>> f : futures.entrySet()) {
            try {
                out.put(f.getKey(), f.getValue().join());
            } catch (CompletionException wrapped) {
                Throwable cause = wrapped.getCause() == null ? wrapped : wrapped.getCause();
                if (cause instanceof Error error) {
                    fatal = fatal == null ? error : fatal;
                    continue;
                }
                RuntimeException e = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                if (rejected != null && FailurePolicy.isRecordFault(e)) {
                    rejected.put(f.getKey(), e);
                } else if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (fatal != null) {
            throw fatal;
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
