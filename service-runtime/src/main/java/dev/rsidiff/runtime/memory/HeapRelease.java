package dev.rsidiff.runtime.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * What a stage does with its memory once a round's large, short-lived data is dead: in the trainer, the pixels of
 * every sample it fine-tuned on, the fine-tuning's tensors, an evaluation's images and features; in the weighting
 * service, a round's scores and image encodings once its weights are decided.
 *
 * <p>Why at all, measured over 10-round {@code rsi bench loop} runs (2026-12-05, 2 cores):
 * <ul>
 *   <li>The Java heap. A round's samples live through the whole fine-tuning (many young collections), so the
 *       services' serial collector promotes them to the old generation, where they stay, dead, until it is full.
 *       The trainer's old generation held 21 MiB after the first round and 230 MiB after the tenth, nearly all of it
 *       garbage (a heap histogram found about 40 MiB live at every round), and its peak resident memory grew from
 *       1511 to 2041 MiB as those pages were touched one by one.</li>
 *   <li>The native heap. libtorch's tensors come from malloc; what a round frees stays in glibc's arenas and counts
 *       as resident until it is reused or trimmed. With the JVM trimming every 5 s
 *       ({@code -XX:TrimNativeHeapInterval}) the trainer's peak fell by a quarter (1126 MiB at round 2 against
 *       1570), but its rounds were the slowest of the runs (42.9 s on average against 34.2-41.0 s): memory given back
 *       every few seconds in the middle of a fine-tuning is asked for again at once.</li>
 * </ul>
 * So memory is handed back at the one moment nothing needs it: after each round's fine-tuning or evaluation. In the
 * same benchmark each hand-back took 150-390 ms and trimmed 200-250 MiB after a fine-tuning and 530-840 MiB after an
 * evaluation, and the trainer's peak went from 1363 MiB at round 2 to 1442 MiB at most (+5.8%; the target is 10%),
 * and from 1225 to 1243 MiB in a second run.
 *
 * <p>The weighting service hands memory back once per round, after deciding its weights (it waits for the round's
 * next images then). Without it, its peak rose from round 2 to round 10 in each of seven ten-round runs on
 * 2026-12-07, by 0.8-11.8%, in steps.
 */
@FunctionalInterface
public interface HeapRelease {

    /** Leaves memory to the collector's and malloc's own schedules (component tests, the serial benchmark). */
    HeapRelease NONE = what -> { };

    /**
     * Called once a round's stage work is done and its data unreachable.
     *
     * @param what the work that just ended, for the log
     */
    void after(String what);

    /** A full collection of the Java heap, then a trim of the native heap, logged with what each freed. */
    static HeapRelease collectAndTrim() {
        return new CollectAndTrim();
    }

    /** {@link #collectAndTrim()}. */
    final class CollectAndTrim implements HeapRelease {

        private static final Logger LOG = LoggerFactory.getLogger(HeapRelease.class);
        /** The JVM's diagnostic command {@code System.trim_native_heap} (glibc's malloc_trim) as an MBean operation. */
        private static final String TRIM = "systemTrimNativeHeap";

        private CollectAndTrim() {
        }

        @Override
        public void after(String what) {
            Runtime runtime = Runtime.getRuntime();
            long before = runtime.totalMemory() - runtime.freeMemory();
            long start = System.nanoTime();
            System.gc();
            long after = runtime.totalMemory() - runtime.freeMemory();
            String trimmed = trimNativeHeap();
            LOG.info("Memory handed back after {}: Java heap in use {} -> {} MiB; {}; {} ms", what, before >> 20,
                    after >> 20, trimmed, (System.nanoTime() - start) / 1_000_000);
        }

        /** The JVM's report of the trim, or why there was none (a JVM or C library that cannot trim). */
        static String trimNativeHeap() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                Object report = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), TRIM,
                        new Object[0], new String[0]);
                return String.valueOf(report).strip();
            } catch (JMException | RuntimeException e) {
                return "native heap not trimmed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            }
        }
    }
}
