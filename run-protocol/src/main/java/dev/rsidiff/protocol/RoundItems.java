package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.listen.BatchTasks;
import dev.rsidiff.bus.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The events a stateful service has collected for a round (the weighting service's scores, the trainer's
 * weights), kept in the object store under their item id. Storing an item before its offset is committed makes a
 * crash lose nothing; storing it under its id makes a redelivered event overwrite itself instead of counting twice.
 *
 * @param <T> the collected event type
 */
public final class RoundItems<T extends SpecificRecord> {

    private static final String SUFFIX = ".avro";
    /** How many rounds' counts and items this process keeps in memory (the most recently touched). */
    private static final int HELD_ROUNDS = 4;

    private final BlobStore blobs;
    private final String kind;
    private final AvroSerde<T> serde;
    /**
     * What this process knows of the {@value #HELD_ROUNDS} rounds it touched most recently (by {@code runId|round}):
     * bounded so that a service's memory does not grow with the number of rounds it has served. A round that drops
     * out is counted from the store again if an item of it ever comes (a late redelivery), as after a restart.
     */
    private final Map<String, RoundState<T>> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RoundState<T>> eldest) {
            return size() > HELD_ROUNDS;
        }
    };

    /** The scores the weighting service collects for a round. */
    public static RoundItems<dev.rsidiff.events.score.ScoresComputed> scores(BlobStore blobs) {
        return new RoundItems<>(blobs, "scores", dev.rsidiff.events.score.ScoresComputed.class);
    }

    /** The weighted samples the trainer collects for a round. */
    public static RoundItems<dev.rsidiff.events.weight.WeightsAssigned> weights(BlobStore blobs) {
        return new RoundItems<>(blobs, "weights", dev.rsidiff.events.weight.WeightsAssigned.class);
    }

    public RoundItems(BlobStore blobs, String kind, Class<T> type) {
        this.blobs = blobs;
        this.kind = kind;
        this.serde = AvroSerde.of(type);
    }

    /**
     * Stores {@code item} and returns how many distinct items the round now holds (seeded from the store the first
     * time a round is touched, so a restarted service counts what it had collected before).
     */
    public int collect(String runId, int round, String itemId, T item) {
        return collect(runId, round, Map.of(itemId, item));
    }

    /**
     * Stores {@code items} (by item id), {@value BatchTasks#IN_FLIGHT} at a time, and returns how many distinct
     * items the round now holds, as {@link #collect(String, int, String, Object)} does for one.
     */
    public synchronized int collect(String runId, int round, Map<String, T> items) {
        if (items.size() == 1) {
            items.forEach((id, item) -> put(runId, round, id, item));
        } else {
            try (BatchTasks writes = new BatchTasks(kind + "-writes")) {
                writes.all(List.copyOf(items.keySet()), id -> {
                    put(runId, round, id, items.get(id));
                    return id;
                });
            }
        }
        RoundState<T> state = recent.computeIfAbsent(roundKey(runId, round),
                k -> new RoundState<>(new TreeSet<>(ids(runId, round)), new HashMap<>()));
        state.held().putAll(items);
        state.ids().addAll(items.keySet());
        return state.ids().size();
    }

    /**
     * Forgets what this process counted, so that each round is counted from the object store again on its next
     * item. Called when partitions are assigned: another instance may have collected items meanwhile.
     */
    public synchronized void forgetCounts() {
        recent.clear();
    }

    public void put(String runId, int round, String itemId, T item) {
        blobs.put(BlobKeys.roundItem(runId, round, kind, itemId + SUFFIX), serde.encode(item), "application/avro");
    }

    /** Ids of the items stored for the round. */
    public Set<String> ids(String runId, int round) {
        String prefix = BlobKeys.roundItemPrefix(runId, round, kind);
        Set<String> ids = new TreeSet<>();
        for (BlobStore.Listing l : blobs.list(prefix)) {
            String name = l.key().value().substring(prefix.length());
            if (name.endsWith(SUFFIX)) {
                ids.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        }
        return ids;
    }

    /**
     * Every item stored for the round, in id order: those this process stored from memory, the others read from
     * the store {@value BatchTasks#IN_FLIGHT} at a time (one after another, a round's 2,048 scores cost the
     * weighting service seconds of round trips).
     */
    public synchronized List<T> all(String runId, int round) {
        Set<String> ids = ids(runId, round);
        RoundState<T> state = recent.get(roundKey(runId, round));
        Map<String, T> mine = state == null ? Map.of() : state.held();
        Map<String, Optional<T>> read;
        try (BatchTasks reads = new BatchTasks(kind + "-reads")) {
            read = reads.all(ids.stream().filter(id -> !mine.containsKey(id)).toList(),
                    id -> blobs.readIfExists(BlobKeys.roundItem(runId, round, kind, id + SUFFIX))
                            .map(found -> serde.decode(found.bytes())));
        }
        List<T> out = new ArrayList<>();
        for (String id : ids) {
            T item = mine.containsKey(id) ? mine.get(id) : read.get(id).orElse(null);
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    /** The rounds ({@code runId|round}) whose counts and items this process keeps in memory. */
    synchronized Set<String> roundsInMemory() {
        return new TreeSet<>(recent.keySet());
    }

    /**
     * A round as this process knows it.
     *
     * @param ids  the ids the round holds, seeded from the store when the round is first touched
     * @param held the items this process stored itself, so that reading a round back ({@link #all}) costs the store
     *             a listing and reads of only what others stored: reading a round's 1,024 scores back one by one
     *             took the weighting service 3 s on the 2-core machine. The store stays the record of which items
     *             a round holds.
     */
    private record RoundState<T>(Set<String> ids, Map<String, T> held) {
    }

    private static String roundKey(String runId, int round) {
        return runId + "|" + round;
    }
}
