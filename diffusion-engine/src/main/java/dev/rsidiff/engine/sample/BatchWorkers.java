package dev.rsidiff.engine.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that draw one sampling call's batches side by side, each batch on one thread with libtorch's intra-op
 * threads of that thread. Why not more intra-op threads instead: this model's ops are small, so threads that split
 * one op wait for each other at its end, and any other runnable thread on the cores stalls them all; whole batches
 * on separate threads only meet when the call ends. A batch's images do not depend on the thread that draws it
 * (every pass has the batch's fixed shape, {@link DdimSampler}), so the images are the same with any number of
 * workers.
 */
public final class BatchWorkers implements AutoCloseable {

    /** Every batch on the calling thread, one after another. */
    public static final BatchWorkers INLINE = new BatchWorkers(1, null);

    /** The most workers one call may use. */
    public static final int MAX = 64;

    private final int workers;
    private final ExecutorService pool;

    private BatchWorkers(int workers, ExecutorService pool) {
        this.workers = workers;
        this.pool = pool;
    }

    /**
     * @param workers  threads; 1 is {@link #INLINE}
     * @param name     the threads' name prefix
     * @param onStart  run first on each new thread (to lower its priority, for instance)
     * @throws IllegalArgumentException if {@code workers} is outside 1..{@value #MAX}
     */
    public static BatchWorkers of(int workers, String name, Runnable onStart) {
        if (workers < 1 || workers > MAX) {
            throw new IllegalArgumentException("batch workers must be between 1 and " + MAX + ", got " + workers);
        }
        if (workers == 1) {
            return INLINE;
        }
        AtomicInteger n = new AtomicInteger();
        return new BatchWorkers(workers, Executors.newFixedThreadPool(workers, task -> {
            Thread t = new Thread(() -> {
                onStart.run();
                task.run();
            }, name + "-" + n.incrementAndGet());
            t.setDaemon(true); // a stuck batch must not keep the JVM from stopping
            return t;
        }));
    }

    /**
     * How many workers a setting asks for, or by default as many as the cores hold intra-op teams.
     *
     * @param setting        the setting's name, for the message
     * @param configured     the setting: 0 for the default, else 1..{@value #MAX}
     * @param cores          the cores this process may use
     * @param intraOpThreads libtorch's intra-op threads per calling thread, when set
     * @return {@code configured}, or by default one worker per intra-op team the cores hold (1 when libtorch takes
     * every core itself)
     * @throws IllegalArgumentException naming the setting, for a value outside 0..{@value #MAX}
     */
    public static int count(String setting, int configured, int cores, OptionalInt intraOpThreads) {
        if (configured < 0 || configured > MAX) {
            throw new IllegalArgumentException(setting + "=" + configured + " is outside 0.." + MAX
                    + " (0: one per share of the cores)");
        }
        if (configured > 0) {
            return configured;
        }
        return intraOpThreads.isPresent() ? Math.max(1, cores / Math.max(1, intraOpThreads.getAsInt())) : 1;
    }

    public int workers() {
        return workers;
    }

    /**
     * Runs the tasks, side by side if there are workers, and returns their results in the tasks' order. After a task
     * fails, those not yet started are skipped, and its exception is rethrown once every started one has stopped (so
     * none still uses the model when the call returns).
     */
    <T> List<T> all(List<Callable<T>> tasks) {
        if (pool == null) {
            List<T> out = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks) {
                out.add(call(task));
            }
            return out;
        }
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                if (failed.get()) {
                    return null; // skipped: the call fails anyway
                }
                try {
                    return task.call();
                } catch (Exception | Error e) {
                    failed.set(true);
                    throw e;
                }
            }));
        }
        List<T> out = new ArrayList<>(tasks.size());
        Throwable failure = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                throw new IllegalStateException("Interrupted while sampling batches", e);
            }
        }
        if (failure != null) {
            throw unchecked(failure);
        }
        return out;
    }

    /** As {@link #all}, for tasks that leave their results where the caller reads them after this returns. */
    public void run(List<Runnable> tasks) {
        all(tasks.stream().map(task -> (Callable<Void>) () -> {
            task.run();
            return null;
        }).toList());
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw unchecked(e);
        }
    }

    /** The task's failure as thrown by the call; an Error (out of memory, say) is fatal and goes up at once. */
    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t.getMessage(), t);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Sampling batches still running 30 s after close");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
