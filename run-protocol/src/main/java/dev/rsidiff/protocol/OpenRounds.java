package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rounds a collecting stage has started and not finished, and when each last received an item, so that a round
 * whose missing items will never come (they were dead-lettered upstream) can be finished after a grace period
 * instead of waiting forever. Each open round has a marker in the object store, so that an instance that takes the
 * partition over, or a restarted one, knows the rounds to watch although their events were all consumed before.
 */
public final class OpenRounds {

    /**
     * How long a collecting stage's round may receive no item before it is finished without the missing ones
     * (environment: {@code RSIDIFF_ROUNDS_GRACE_PERIOD}); each such service checks it is positive when it starts.
     */
    public static final String GRACE_PERIOD = "rsidiff.rounds.grace-period";

    /** A round of a run. */
    public record RoundRef(String runId, int round) {
    }

    private final BlobStore blobs;
    private final String stage;
    private final Clock clock;
    private final Map<RoundRef, Instant> lastItem = new ConcurrentHashMap<>();

    public OpenRounds(BlobStore blobs, String stage, Clock clock) {
        this.blobs = blobs;
        this.stage = stage;
        this.clock = clock;
    }

    /** An item of the round arrived now. */
    public void touch(String runId, int round) {
        RoundRef ref = new RoundRef(runId, round);
        if (lastItem.put(ref, clock.instant()) == null) {
            blobs.put(BlobKeys.openRound(stage, runId, round), clock.instant().toString().getBytes(StandardCharsets.UTF_8),
                    "text/plain");
        }
    }

    /** The round's output is announced: it is no longer open. */
    public void close(String runId, int round) {
        lastItem.remove(new RoundRef(runId, round));
        blobs.delete(BlobKeys.openRound(stage, runId, round));
    }

    /** Re-reads the open rounds from the object store; each counts as having received an item now. */
    public void reload() {
        String prefix = BlobKeys.openRoundPrefix(stage);
        for (BlobStore.Listing l : blobs.list(prefix)) {
            String rest = l.key().value().substring(prefix.length());
            int slash = rest.lastIndexOf('/');
            lastItem.putIfAbsent(new RoundRef(rest.substring(0, slash), Integer.parseInt(rest.substring(slash + 1))),
                    clock.instant());
        }
    }

    /** The open rounds whose last item is older than {@code grace}. */
    public List<RoundRef> overdue(Duration grace) {
        Instant limit = clock.instant().minus(grace);
        List<RoundRef> out = new ArrayList<>();
        lastItem.forEach((ref, last) -> {
            if (last.isBefore(limit)) {
                out.add(ref);
            }
        });
        return out;
    }
}
