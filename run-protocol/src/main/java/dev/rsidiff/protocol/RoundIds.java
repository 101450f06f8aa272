package dev.rsidiff.protocol;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Deterministic ids and seeds of a run's items. A prompt's id follows from (run, round, index) and an image's from
 * (prompt, index), so a service that redoes work after a crash produces the same ids and consumers drop the
 * duplicates; an image's seed follows from (run seed, round, prompt index, image index), so the image itself can
 * be reproduced from what its event records.
 */
public final class RoundIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RoundIds() {
    }

    /** A new run id, e.g. {@code run-20261122-061500-3fa9}. */
    public static String newRunId(Clock clock) {
        return "run-" + STAMP.format(clock.instant()) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    public static String promptId(String runId, int round, int index) {
        return runId + ".r" + round + ".p" + String.format("%04d", index);
    }

    public static String imageId(String promptId, int image) {
        return promptId + ".i" + image;
    }

    /** The sampling seed of image {@code image} of prompt {@code promptIndex} in {@code round}. */
    public static long imageSeed(long runSeed, int round, int promptIndex, int image) {
        long h = mix(runSeed);
        h = mix(h ^ round);
        h = mix(h ^ promptIndex);
        return mix(h ^ image) & Long.MAX_VALUE;
    }

    /** A seed for a stage of a round (prompt choice, selection, training), from the run seed. */
    public static long stageSeed(long runSeed, int round, String stage) {
        return mix(mix(runSeed ^ round) ^ stage.hashCode()) & Long.MAX_VALUE;
    }

    // SplitMix64's finaliser: a well-mixed 64-bit hash, so neighbouring indices give unrelated seeds.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
