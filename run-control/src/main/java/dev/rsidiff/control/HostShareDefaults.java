package dev.rsidiff.control;

import dev.rsidiff.stack.SharedCoreJvmOptions;

import java.util.Map;

/**
 * What a service started by {@link ServiceFleet} gets by default because it shares this host's cores with the other
 * four services, the broker and the object store: each setting applies only where the environment does not set it
 * already, so an operator's value (or a test's) always wins.
 *
 * <ul>
 *   <li><b>A share of the cores for libtorch.</b> libtorch sizes its intra-op and inter-op pools to every core of
 *   the host in every process, so five services on 2 cores preempt each other ({@code rsi bench loop} measured a
 *   round at 139.9 s that way and 79.6 s at one thread each).</li>
 *   <li><b>Only the JVM's quick compiler</b> ({@code -XX:TieredStopAtLevel=1} through {@code JDK_JAVA_OPTIONS}).
 *   A service's heavy work runs in libtorch, not in Java, yet five freshly started JVMs spend seconds of CPU in the
 *   optimising compiler on start-up code that then never runs again. On 2 cores the stack and five services were
 *   up in 18.0-18.2 s with both compilers and 13.6 s with the quick one alone, and the round took the same time
 *   (README, performance). With it, the JVM's performance counters sampled once a second
 *   ({@link SharedCoreJvmOptions}). {@code JDK_JAVA_OPTIONS} rather than the command line, so that setting it (to
 *   anything, even empty) gives a service both compilers back.</li>
 *   <li><b>One malloc arena</b> ({@code MALLOC_ARENA_MAX=1}). glibc gives each thread that allocates its own arena,
 *   up to eight per core, and libtorch's tensors come from malloc: memory freed in one arena does not serve the
 *   allocations made in another. Over ten rounds ({@code rsi bench loop --rounds 10}) the trainer's peak grew from
 *   1719-1753 to 2120-2200 MiB by default and from 1592 to 1780 MiB with two arenas. With two, a run's last
 *   evaluation, whose two batch workers each filled an arena of their own, still took the trainer to 1322-1362 MiB
 *   (four runs), and to 1070-1073 MiB with one (two runs); the rounds took as long (31-36 s on average either
 *   way).</li>
 * </ul>
 */
final class HostShareDefaults {

    /**
     * The names service-runtime's {@code TorchThreads} reads in each service. Spelled out here rather than imported:
     * this module's main code does not depend on the services' runtime (Micronaut), only its tests do.
     */
    static final String TORCH_INTRA_OP_THREADS = "RSIDIFF_TORCH_INTRA_OP_THREADS";
    static final String TORCH_INTER_OP_THREADS = "RSIDIFF_TORCH_INTER_OP_THREADS";
    /** Read by the {@code java} launcher itself, in front of the command line's options (JDK 9 and later). */
    static final String JAVA_LAUNCHER_OPTIONS = "JDK_JAVA_OPTIONS";
    static final String JVM_OPTIONS = String.join(" ", SharedCoreJvmOptions.ALL);
    static final String MALLOC_ARENAS = "MALLOC_ARENA_MAX";

    private HostShareDefaults() {
    }

    /**
     * @param environment a service's process environment, completed in place
     * @param cores       the host's cores
     * @param services    how many services share them
     */
    static void apply(Map<String, String> environment, int cores, int services) {
        String share = Integer.toString(Math.max(1, cores / services));
        environment.putIfAbsent(TORCH_INTRA_OP_THREADS, share);
        environment.putIfAbsent(TORCH_INTER_OP_THREADS, share);
        environment.putIfAbsent(JAVA_LAUNCHER_OPTIONS, JVM_OPTIONS);
        environment.putIfAbsent(MALLOC_ARENAS, "1");
    }
}
