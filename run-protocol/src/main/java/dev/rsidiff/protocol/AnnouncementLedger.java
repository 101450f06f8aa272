package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one stage has announced, and set out to announce, in the rounds it works on, as the object store holds it:
 * records and intents of single outputs (an object per output, {@link Announcements#once}) and of batches (an object
 * per batch, {@link Announcements#onceEach}). Each look lists the round's three prefixes and reads only the batch
 * objects it has not read before (they never change once written), so checking a batch of 64 outputs costs three
 * listings, not 64 lookups.
 *
 * <p>Kept for the last {@value #ROUNDS_KEPT} rounds looked at; a round dropped is listed and read afresh next time.
 */
final class AnnouncementLedger {

    static final int ROUNDS_KEPT = 16;
    private static final String INTENT = "intent";
    private static final String RECORD = "record";

    private final BlobStore blobs;
    private final String stage;
    private final Map<String, Round> rounds = new LinkedHashMap<>(ROUNDS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Round> eldest) {
            return size() > ROUNDS_KEPT;
        }
    };

    /** The intent of a batch, written before its events are sent: its outputs, and where each topic ended then. */
    record BatchIntent(List<String> outputs, Map<String, Map<Integer, Long>> endOffsets) {
    }

    /** The record of a batch, written once the broker acknowledged its events. */
    record BatchRecord(List<String> outputs, String announcedAt) {
    }

    /** What a round's look found: the outputs recorded, and for the others an earlier attempt set out to announce, its intent. */
    record Look(Set<String> recorded, Map<String, BlobKey> intents) {
    }

    AnnouncementLedger(BlobStore blobs, String stage) {
        this.blobs = blobs;
        this.stage = stage;
    }

    /** The round as the store holds it now (plus what this instance wrote, which it knows without reading). */
    synchronized Look look(String runId, int round) {
        Round r = round(runId, round);
        String singleRecords = BlobKeys.announcementPrefix(runId, round, stage);
        blobs.list(singleRecords).forEach(l -> r.recorded.add(l.key().value().substring(singleRecords.length())));
        String singleIntents = BlobKeys.announcementIntentPrefix(runId, round, stage);
        blobs.list(singleIntents).forEach(l -> r.intents.putIfAbsent(
                l.key().value().substring(singleIntents.length()), l.key()));
        for (BlobStore.Listing l : blobs.list(BlobKeys.announcementBatchPrefix(runId, round, stage))) {
            if (r.read.contains(l.key())) {
                continue;
            }
            Optional<BlobStore.Found> found = blobs.readIfExists(l.key());
            if (found.isEmpty()) {
                continue; // removed since the listing (a cleanup): nothing to learn from it
            }
            String what = "announcement batch " + l.key().value();
            if (l.key().value().endsWith("." + RECORD + ".json")) {
                r.recorded.addAll(Manifests.fromJson(found.get().bytes(), BatchRecord.class, what).outputs());
            } else {
                BatchIntent intent = Manifests.fromJson(found.get().bytes(), BatchIntent.class, what);
                r.offsets.put(l.key(), intent.endOffsets());
                intent.outputs().forEach(o -> r.intents.putIfAbsent(o, l.key()));
            }
            r.read.add(l.key());
        }
        return new Look(Set.copyOf(r.recorded), Map.copyOf(r.intents));
    }

    /** Where the output topics ended when the intent at {@code key} was written, by topic, then partition. */
    synchronized Map<String, Map<Integer, Long>> endOffsets(String runId, int round, BlobKey key) {
        Round r = round(runId, round);
        Map<String, Map<Integer, Long>> known = r.offsets.get(key);
        if (known != null) {
            return known;
        }
        // A single output's intent, listed but not read yet (only a retry needs its offsets)
        BlobStore.Found found = blobs.readIfExists(key).orElseThrow(() -> new IllegalStateException(
                "Announcement intent " + key.value() + " was listed but is gone"));
        Map<String, Map<Integer, Long>> offsets = Manifests.fromJson(found.bytes(), Announcements.Intent.class,
                "announcement intent " + key.value()).endOffsets();
        r.offsets.put(key, offsets);
        return offsets;
    }

    /** Writes a batch's intent before its events are sent. */
    synchronized void writeIntent(String runId, int round, String batchId, BatchIntent intent) {
        BlobKey key = BlobKeys.announcementBatch(runId, round, stage, batchId, INTENT);
        blobs.put(key, Manifests.toJson(intent), "application/json");
        Round r = round(runId, round);
        r.read.add(key);
        r.offsets.put(key, intent.endOffsets());
        intent.outputs().forEach(o -> r.intents.putIfAbsent(o, key));
    }

    /** Writes a batch's record once its events are acknowledged. */
    synchronized void writeRecord(String runId, int round, String batchId, BatchRecord record) {
        BlobKey key = BlobKeys.announcementBatch(runId, round, stage, batchId, RECORD);
        blobs.put(key, Manifests.toJson(record), "application/json");
        Round r = round(runId, round);
        r.read.add(key);
        r.recorded.addAll(record.outputs());
    }

    private Round round(String runId, int round) {
        return rounds.computeIfAbsent(runId + "|" + round, k -> new Round());
    }

    /** One round's announcements as read so far. */
    private static final class Round {
        final Set<String> recorded = new HashSet<>();
        final Map<String, BlobKey> intents = new HashMap<>();
        final Map<BlobKey, Map<String, Map<Integer, Long>>> offsets = new HashMap<>();
        final Set<BlobKey> read = new HashSet<>();
    }
}
