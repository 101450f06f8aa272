package dev.rsidiff.stack;

import java.util.List;

/**
 * The JVM options of the processes that share one host's cores: the local stack's S3 server, and the services that
 * run control starts beside it (through {@code JDK_JAVA_OPTIONS}, so that an operator's setting replaces them).
 */
public final class SharedCoreJvmOptions {

    /**
     * The JVM's quick compiler alone. The heavy work of these processes runs in libtorch or in the S3 server's I/O,
     * not in Java, yet freshly started JVMs spend seconds of CPU in the optimising compiler on start-up code that
     * then never runs again. A run sends a fresh S3Proxy a few thousand small requests, all in its warm-up: measured
     * on 2 cores with 8 requests in flight, its CPU time over its first 9,216 requests fell from 15.8-18.3 s to
     * 9.2-9.7 s (README, Performance).
     */
    public static final String QUICK_COMPILER_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * The JVM's performance counters (what {@code jstat} reads) sampled once a second instead of every 50 ms: idle,
     * that sampling was most of each JVM's periodic-task thread, 2-3 ms of CPU a second per JVM, about 0.2 after.
     */
    public static final String SLOW_COUNTER_SAMPLING = "-XX:PerfDataSamplingInterval=1000";

    /** Every option above, in order. */
    public static final List<String> ALL = List.of(QUICK_COMPILER_ONLY, SLOW_COUNTER_SAMPLING);

    private SharedCoreJvmOptions() {
    }
}
