package dev.rsidiff.runtime;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A service's share of the machine's cores for libtorch: its intra-op threads (one op split across threads) and
 * inter-op threads (independent ops at once), from {@code RSIDIFF_TORCH_INTRA_OP_THREADS} and
 * {@code RSIDIFF_TORCH_INTER_OP_THREADS}. Left unset, libtorch sizes both pools to every core of the host, so five
 * services on one host each start as many threads as there are cores and spend their time preempting each other:
 * on 2 cores, one round through the five services took 139.9 s at libtorch's defaults and 79.6 s with one thread
 * of each kind per service ({@code rsi bench loop}). DJL reads the two system properties set here when its engine
 * starts, so they are set before the service's context (and any model) is created.
 */
public final class TorchThreads {

    public static final String INTRA_OP = "RSIDIFF_TORCH_INTRA_OP_THREADS";
    public static final String INTER_OP = "RSIDIFF_TORCH_INTER_OP_THREADS";
    static final String DJL_INTRA_OP = "ai.djl.pytorch.num_threads";
    static final String DJL_INTER_OP = "ai.djl.pytorch.num_interop_threads";
    private static final int MAX = 1024;

    private TorchThreads() {
    }

    /**
     * Sets DJL's thread properties from the environment, unless given with {@code -D}.
     *
     * @throws IllegalArgumentException naming the variable, if a value is not a whole number from 1 to 1024
     */
    public static void apply(Map<String, String> environment) {
        set(environment, INTRA_OP, DJL_INTRA_OP);
        set(environment, INTER_OP, DJL_INTER_OP);
    }

    /**
     * The intra-op threads each calling thread gets from libtorch, as set here or with {@code -D}; empty when unset
     * (libtorch then takes every core).
     */
    public static OptionalInt intraOpThreads() {
        String value = System.getProperty(DJL_INTRA_OP);
        try {
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DJL_INTRA_OP + "='" + value + "' is not a whole number of threads");
        }
    }

    private static void set(Map<String, String> environment, String variable, String property) {
        String value = environment.get(variable);
        if (value == null || value.isBlank() || System.getProperty(property) != null) {
            return;
        }
        int threads;
        try {
            threads = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not a whole number of threads");
        }
        if (threads < 1 || threads > MAX) {
            throw new IllegalArgumentException(variable + "=" + threads + " is outside 1.." + MAX);
        }
        System.setProperty(property, Integer.toString(threads));
    }
}
