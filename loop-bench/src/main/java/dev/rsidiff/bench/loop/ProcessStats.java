package dev.rsidiff.bench.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time and peak resident memory of a process, read from Linux's /proc (no library reads another process's
 * figures without attaching to it).
 *
 * @param cpuSeconds  user plus system time since the process started
 * @param peakRssMiB  the high-water mark of its resident set (VmHWM)
 */
record ProcessStats(double cpuSeconds, double peakRssMiB) {

    /**
     * What a process used over an interval, such as a round.
     *
     * @param cpuSeconds user plus system time within the interval
     * @param peakRssMiB the high-water mark of its resident set at the interval's end
     */
    record Usage(double cpuSeconds, double peakRssMiB) {
    }

    /** Clock ticks per second of /proc/PID/stat's times: USER_HZ, 100 on every Linux architecture in use. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
            return new ProcessStats(cpu, statusMiB(pid, "VmHWM:"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read /proc/" + pid + " (Linux only): " + e.getMessage(), e);
        }
    }

    /** The CPU time so far of the processes together. */
    static double cpuSeconds(long... pids) {
        return Arrays.stream(pids).mapToDouble(pid -> of(pid).cpuSeconds()).sum();
    }

    /** What the process used since {@code before}: the CPU time in between, and the peak so far (a peak only grows). */
    Usage since(ProcessStats before) {
        return new Usage(cpuSeconds - before.cpuSeconds, peakRssMiB);
    }

    /** The process's resident set now (VmRSS), in MiB. */
    static double rssMiB(long pid) {
        return memoryMiB(pid, "VmRSS:");
    }

    /** The high-water mark of the process's resident set (VmHWM) since it started or since {@link #resetPeak}, in MiB. */
    static double peakRssMiB(long pid) {
        return memoryMiB(pid, "VmHWM:");
    }

    /**
     * Starts the process's high-water mark again from its resident set now (writing 5 to /proc/PID/clear_refs, Linux
     * 4.0 or later, by its owner).
     *
     * @return false where the kernel or the permissions do not allow it
     */
    static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@link #statusMiB}, failing with the process and why. */
    private static double memoryMiB(long pid, String field) {
        try {
            return statusMiB(pid, field);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read /proc/" + pid + " (Linux only): " + e.getMessage(), e);
        }
    }

    /** A memory line of /proc/PID/status (given in kB), in MiB. */
    private static double statusMiB(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field))
                .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024.0)
                .findFirst().orElseThrow(() -> new IllegalStateException("/proc/" + pid + "/status has no " + field));
    }
}
