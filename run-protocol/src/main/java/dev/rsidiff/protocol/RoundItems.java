package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.bus.listen.BatchTasks;
import dev.rsidiff.bus.serde.AvroSerde;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The events a stateful service has collected for a round (the weighting service's scores, the trainer's
 * weights), kept in the object store. Storing an item before its offset is committed makes a crash lose nothing;
 * counting items by id makes a redelivered event count once.
 *
 * <p>One item is stored under its id ({@code <id>.avro}, a redelivery overwrites it); the items of one consumed
 * batch together, as one Avro container file under {@code batches/}, named by a hash of their ids, so that a
 * redelivered batch overwrites itself. A round's 1,024 scores then cost the store a few dozen writes instead of
 * 1,024 (on the local stack each costs the S3 server the same CPU whatever it holds). An item that two batches
 * hold (a redelivery in another batch) is the same event twice, since every stage announces each output once;
 * readers take the copy of the batch whose name sorts first, so every instance reads the same one.
 *
 * @param <T> the collected event type
 */
public final class RoundItems<T extends SpecificRecord> {

    private static final String SUFFIX = ".avro";
    /** Where batches lie under a round's items: {@link BlobKeys#roundItemBatch}. */
    private static final String BATCHES = "batches/";
    /** How many rounds' counts and items this process keeps in memory (the most recently touched). */
    private static final int HELD_ROUNDS = 4;

    private final BlobStore blobs;
    private final String kind;
    private final Class<T> type;
    private final AvroSerde<T> serde;
    private final Function<T, String> idOf;
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

    /** The scores the weighting service collects for a round, by image id. */
    public static RoundItems<dev.rsidiff.events.score.ScoresComputed> scores(BlobStore blobs) {
        return new RoundItems<>(blobs, "scores", dev.rsidiff.events.score.ScoresComputed.class,
                dev.rsidiff.events.score.ScoresComputed::getImageId);
    }

    /** The weighted samples the trainer collects for a round, by image id. */
    public static RoundItems<dev.rsidiff.events.weight.WeightsAssigned> weights(BlobStore blobs) {
        return new RoundItems<>(blobs, "weights", dev.rsidiff.events.weight.WeightsAssigned.class,
                dev.rsidiff.events.weight.WeightsAssigned::getImageId);
    }

    /** @param idOf an item's id, which {@link #collect} is given with it */
    public RoundItems(BlobStore blobs, String kind, Class<T> type, Function<T, String> idOf) {
        this.blobs = blobs;
        this.kind = kind;
        this.type = type;
        this.serde = AvroSerde.of(type);
        this.idOf = idOf;
    }

    /**
     * Stores {@code item} and returns how many distinct items the round now holds (seeded from the store the first
     * time a round is touched, so a restarted service counts what it had collected before).
     */
    public int collect(String runId, int round, String itemId, T item) {
        return collect(runId, round, Map.of(itemId, item));
    }

    /**
     * Stores {@code items} (by item id, each its {@code idOf}) with one write, and returns how many distinct items
     * the round now holds, as {@link #collect(String, int, String, SpecificRecord)} does for one.
     */
    public synchronized int collect(String runId, int round, Map<String, T> items) {
        items.forEach((id, item) -> {
            if (!id.equals(idOf.apply(item))) {
                throw new IllegalArgumentException("Item " + id + " of " + kind + " has id " + idOf.apply(item));
            }
        });
        RoundState<T> state = state(runId, round);
        if (items.size() == 1) {
            items.forEach((id, item) -> put(runId, round, id, item));
        } else {
            String name = batchName(items.keySet());
            blobs.put(BlobKeys.roundItemBatch(runId, round, kind, name), container(items.values()),
                    "application/avro");
            state.readBatches().add(name);
        }
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
    public synchronized Set<String> ids(String runId, int round) {
        return new TreeSet<>(current(runId, round).ids());
    }

    /**
     * Every item stored for the round, in id order: those this process stored or read before from memory, the
     * others read from the store, {@value BatchTasks#IN_FLIGHT} single items at a time.
     */
    public synchronized List<T> all(String runId, int round) {
        RoundState<T> state = current(runId, round);
        Map<String, Optional<T>> read;
        try (BatchTasks reads = new BatchTasks(kind + "-reads")) {
            // every batch's items are held once read, so what is not held is a single item another process stored
            read = reads.all(state.ids().stream().filter(id -> !state.held().containsKey(id)).sorted().toList(),
                    id -> blobs.readIfExists(BlobKeys.roundItem(runId, round, kind, id + SUFFIX))
                            .map(found -> serde.decode(found.bytes())));
        }
        List<T> out = new ArrayList<>();
        for (String id : new TreeSet<>(state.ids())) {
            T item = state.held().containsKey(id) ? state.held().get(id) : read.getOrDefault(id, Optional.empty())
                    .orElse(null);
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

    /** The round as the store holds it now: its state, listed again unless it was only now seeded from there. */
    private RoundState<T> current(String runId, int round) {
        RoundState<T> known = recent.get(roundKey(runId, round));
        if (known == null) {
            return state(runId, round);
        }
        refresh(runId, round, known);
        return known;
    }

    private RoundState<T> state(String runId, int round) {
        RoundState<T> state = recent.get(roundKey(runId, round));
        if (state == null) {
            state = new RoundState<>(new HashSet<>(), new HashMap<>(), new HashSet<>());
            refresh(runId, round, state);
            recent.put(roundKey(runId, round), state);
        }
        return state;
    }

    /**
     * Adds what the store holds for the round to {@code state}: the ids of single items, and the items of the
     * batches it has not read yet (read now, in name order, the first copy of an item kept).
     */
    private void refresh(String runId, int round, RoundState<T> state) {
        String prefix = BlobKeys.roundItemPrefix(runId, round, kind);
        List<String> singles = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (BlobStore.Listing l : blobs.list(prefix)) {
            String name = l.key().value().substring(prefix.length());
            if (name.startsWith(BATCHES)) {
                String batch = name.substring(BATCHES.length());
                if (!state.readBatches().contains(batch)) {
                    unread.add(batch);
                }
            } else if (name.endsWith(SUFFIX)) {
                singles.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        }
        state.ids().addAll(singles);
        Map<String, Optional<List<T>>> batches;
        try (BatchTasks reads = new BatchTasks(kind + "-batch-reads")) {
            batches = reads.all(unread, batch -> blobs.readIfExists(
                    BlobKeys.roundItemBatch(runId, round, kind, batch)).map(f -> items(f.bytes())));
        }
        new TreeSet<>(batches.keySet()).forEach(batch -> batches.get(batch).ifPresent(items -> {
            items.forEach(item -> {
                state.ids().add(idOf.apply(item));
                state.held().putIfAbsent(idOf.apply(item), item);
            });
            state.readBatches().add(batch);
        }));
    }

    /** A batch's name: a hash of its item ids, so that the same batch redelivered overwrites itself. */
    private static String batchName(Set<String> ids) {
        return Sha256.hex(String.join("\n", new TreeSet<>(ids)).getBytes(StandardCharsets.UTF_8)).substring(0, 32)
                + SUFFIX;
    }

    private byte[] container(java.util.Collection<T> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
            writer.create(SpecificData.getForClass(type).getSchema(type), out);
            for (T item : items) {
                writer.append(item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a batch of " + kind + " failed", e);
        }
        return out.toByteArray();
    }

    /** The items of a batch, read with today's schema whatever version wrote them (the file names its own). */
    private List<T> items(byte[] container) {
        List<T> out = new ArrayList<>();
        try (DataFileStream<T> in = new DataFileStream<>(new ByteArrayInputStream(container),
                new SpecificDatumReader<>(type))) {
            in.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored batch of " + kind + " does not read: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * A round as this process knows it.
     *
     * @param ids         the ids the round holds, seeded from the store when the round is first touched
     * @param held        the items this process stored or read from batches, so that reading a round back
     *                    ({@link #all}) costs the store a listing and reads of only what others stored: reading a
     *                    round's 1,024 scores back one by one took the weighting service 3 s on the 2-core machine.
     *                    The store stays the record of which items a round holds.
     * @param readBatches the batches whose items are in {@code held}
     */
    private record RoundState<T>(Set<String> ids, Map<String, T> held, Set<String> readBatches) {
    }

    private static String roundKey(String runId, int round) {
        return runId + "|" + round;
    }
}
