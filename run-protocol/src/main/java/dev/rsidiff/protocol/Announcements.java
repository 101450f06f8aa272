package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.events.common.EventMeta;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Each output of a stage announced once, however often Kafka redelivers the input that caused it, and however an
 * attempt is interrupted. The record that an output was announced is kept in the object store; a redelivered or
 * late input whose output is recorded is acknowledged without publishing anything.
 *
 * <p>{@link #once} runs the stage's work with its events held back ({@link #sender}), then:
 * <ol>
 *   <li>gives each event an id derived from the stage, run, round, output and the event's place among them, so
 *       that a retry produces the same ids;</li>
 *   <li>writes an intent: where each output topic ends now (the first attempt's intent is kept);</li>
 *   <li>sends the events and waits for the broker's acknowledgements;</li>
 *   <li>records the announcement.</li>
 * </ol>
 * A retry that finds an intent but no record (the attempt was killed, or the object store failed, between sending
 * and recording) reads the topics from the intent's offsets and sends only the events that are not there: the
 * repair path, logged, taken only when a consumer demonstrably lacks an event. So a topic never holds an event
 * twice, crash or no crash.
 *
 * <p>{@link #onceEach} does the same for many outputs at once with one intent and one record for all of them: the
 * scorer announces each image's scores, and three object-store round trips per image (is it recorded, the intent,
 * the record) were most of what the pipeline spent on an image beside the models. A stage uses one form or the
 * other for an output; the batch form also sees the single form's records and intents (written before it existed).
 *
 * <p>Without an {@link OutputLog} (component tests that hand events to a plain consumer) events pass straight
 * through and only the record is kept.
 */
public final class Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);
    /**
     * Fault tests only: the stage named by this environment variable halts its process, as a SIGKILL would, right
     * after its first events are acknowledged by the broker, before the announcement is recorded and before the
     * input's offset is committed: the window that the intent and the repair path exist for.
     */
    public static final String HALT_AFTER_PUBLISH = "RSIDIFF_FAULT_HALT_AFTER_PUBLISH";
    /** The exit status of a halt at the fault point: what a shell reports for a SIGKILLed process. */
    public static final int HALT_STATUS = 137;

    private final BlobStore blobs;
    private final String stage;
    private final OutputLog outputLog;
    private final PartitionFences fences;
    private final ThreadLocal<List<Pending<?>>> held = new ThreadLocal<>();
    private final AnnouncementLedger ledger;

    /** @param stage the announcing stage, e.g. "weighting" (one namespace per stage) */
    public Announcements(BlobStore blobs, String stage) {
        this(blobs, stage, null);
    }

    /**
     * @param stage     the announcing stage, e.g. "weighting" (one namespace per stage)
     * @param outputLog reads the output topics when an interrupted attempt is retried
     */
    public Announcements(BlobStore blobs, String stage, OutputLog outputLog) {
        this(blobs, stage, outputLog, null);
    }

    /**
     * For a stateful collector, whose input is keyed by run id: each round's events go out in a transaction of the
     * producer that belongs to the round's input partition, so an instance that lost the partition cannot
     * announce the round ({@link PartitionFences}).
     *
     * @param fences the transactional producers of the input partitions this instance owns
     */
    public Announcements(BlobStore blobs, String stage, OutputLog outputLog, PartitionFences fences) {
        this.blobs = blobs;
        this.stage = stage;
        this.outputLog = outputLog;
        this.fences = fences;
        this.ledger = new AnnouncementLedger(blobs, stage);
    }

    /**
     * Whether this instance may announce the run's rounds: always, unless the stage is fenced and another instance
     * owns the run's input partition.
     */
    public boolean owns(String runId) {
        return fences == null || fences.owns(runId);
    }

    /** What a stage hands its events to: inside {@link #once} they are held back and sent as described above. */
    public <V extends SpecificRecord> Consumer<V> sender(TopicWriter<V> writer) {
        return event -> {
            List<Pending<?>> batch = held.get();
            if (batch == null) {
                writer.send(event);
            } else {
                batch.add(new Pending<>(writer, event));
            }
        };
    }

    public boolean announced(String runId, int round, String output) {
        return blobs.exists(key(runId, round, output));
    }

    /**
     * Runs {@code work} unless {@code output} of the round was announced before, sends the events it produced,
     * once, and records the announcement.
     *
     * @return whether the output was announced now
     */
    public boolean once(String runId, int round, String output, Runnable work) {
        if (announced(runId, round, output)) {
            LOG.debug("Run {} round {}: {} {} was already announced; redelivered input acknowledged", runId, round,
                    stage, output);
            return false;
        }
        List<Pending<?>> batch = heldBack(runId, round, output, work);
        if (!batch.isEmpty()) {
            publish(runId, round, output, batch);
            haltIfAFaultTestAsks(runId, round, output);
        }
        record(runId, round, output);
        return true;
    }

    /** Of {@code outputs} of a round, those announced before, in either form. */
    public Set<String> announcedAmong(String runId, int round, Collection<String> outputs) {
        Set<String> recorded = ledger.look(runId, round).recorded();
        Set<String> out = new LinkedHashSet<>();
        outputs.stream().filter(recorded::contains).forEach(out::add);
        return out;
    }

    /**
     * As {@link #once}, for every one of {@code outputs} of a round at once: runs {@code work} for each output not
     * announced before (in this thread, one after another), sends all the events they produced, once, and records
     * them all with one object. Outputs whose earlier attempt was interrupted after its intent are repaired as in
     * {@link #once}; the others share one new intent.
     *
     * @return the outputs announced now
     */
    public Set<String> onceEach(String runId, int round, List<String> outputs, Consumer<String> work) {
        AnnouncementLedger.Look look = ledger.look(runId, round);
        List<String> todo = outputs.stream().distinct().filter(o -> !look.recorded().contains(o)).toList();
        if (todo.isEmpty()) {
            return Set.of();
        }
        PartitionFences.Fence fence = fences == null ? null : fences.forInputKey(runId);
        Map<String, List<Pending<?>>> events = new LinkedHashMap<>();
        for (String output : todo) {
            List<Pending<?>> held = heldBack(runId, round, output, () -> work.accept(output));
            assignIds(runId, round, output, held);
            events.put(output, held);
        }
        String batchId = UUID.randomUUID().toString();
        List<Pending<?>> toSend = new ArrayList<>();
        if (outputLog == null) {
            events.values().forEach(toSend::addAll);
        } else {
            Map<BlobKey, List<Pending<?>>> retried = new LinkedHashMap<>();
            List<String> fresh = new ArrayList<>();
            List<Pending<?>> freshEvents = new ArrayList<>();
            events.forEach((output, held) -> {
                BlobKey intent = look.intents().get(output);
                if (intent == null) {
                    fresh.add(output);
                    freshEvents.addAll(held);
                } else {
                    retried.computeIfAbsent(intent, k -> new ArrayList<>()).addAll(held);
                }
            });
            retried.forEach((intent, held) -> toSend.addAll(
                    missing(runId, round, intent.value(), held, ledger.endOffsets(runId, round, intent))));
            if (!fresh.isEmpty()) {
                ledger.writeIntent(runId, round, batchId,
                        new AnnouncementLedger.BatchIntent(fresh, endOffsetsOf(freshEvents)));
                toSend.addAll(freshEvents);
            }
        }
        if (!toSend.isEmpty()) {
            send(toSend, fence);
            haltIfAFaultTestAsks(runId, round, todo.size() + " outputs");
        }
        ledger.writeRecord(runId, round, batchId, new AnnouncementLedger.BatchRecord(todo, Instant.now().toString()));
        return new LinkedHashSet<>(todo);
    }

    /** Runs {@code work} with the events it sends held back, and returns them. */
    private List<Pending<?>> heldBack(String runId, int round, String output, Runnable work) {
        if (held.get() != null) {
            throw new IllegalStateException("Announcements are not reentrant (" + stage + " " + runId + " round "
                    + round + " " + output + ")");
        }
        List<Pending<?>> batch = new ArrayList<>();
        held.set(batch);
        try {
            work.run();
        } finally {
            held.remove();
        }
        return batch;
    }

    private void haltIfAFaultTestAsks(String runId, int round, String output) {
        if (stage.equals(System.getenv(HALT_AFTER_PUBLISH))) {
            LOG.error("Run {} round {}: {} {} published but not recorded; halting here because {}={} (fault test)",
                    runId, round, stage, output, HALT_AFTER_PUBLISH, stage);
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    /** Records that {@code output} was announced (its events acknowledged by the broker). */
    public void record(String runId, int round, String output) {
        blobs.put(key(runId, round, output), Instant.now().toString().getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private void publish(String runId, int round, String output, List<Pending<?>> batch) {
        // An instance that does not own the round's partition stops here, before it writes anything.
        PartitionFences.Fence fence = fences == null ? null : fences.forInputKey(runId);
        assignIds(runId, round, output, batch);
        List<Pending<?>> toSend = batch;
        if (outputLog != null) {
            BlobKey intentKey = BlobKeys.announcementIntent(runId, round, stage, output);
            Intent intent = blobs.readIfExists(intentKey)
                    .map(f -> Manifests.fromJson(f.bytes(), Intent.class, "announcement intent " + intentKey.value()))
                    .orElse(null);
            if (intent == null) {
                blobs.put(intentKey, Manifests.toJson(new Intent(endOffsetsOf(batch))), "application/json");
            } else {
                toSend = missing(runId, round, output, batch, intent.endOffsets());
            }
        }
        if (!toSend.isEmpty()) { // else an interrupted attempt had sent them all
            send(toSend, fence);
        }
    }

    /** Ids from the stage, run, round, output and the event's place among the output's, so a retry makes the same. */
    private void assignIds(String runId, int round, String output, List<Pending<?>> events) {
        for (int i = 0; i < events.size(); i++) {
            events.get(i).meta().setEventId(UUID.nameUUIDFromBytes((stage + "/" + runId + "/" + round + "/" + output
                    + "/" + i).getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    /** Where each topic the events go to ends now. */
    private Map<String, Map<Integer, Long>> endOffsetsOf(List<Pending<?>> events) {
        Map<String, Map<Integer, Long>> ends = new LinkedHashMap<>();
        events.forEach(p -> ends.computeIfAbsent(p.writer().topic().name(), outputLog::endOffsets));
        return ends;
    }

    /** Sends the events and returns once the broker acknowledged them all (in the fence's transaction, if any). */
    private static void send(List<Pending<?>> toSend, PartitionFences.Fence fence) {
        if (fence != null) {
            fence.transaction(sender -> toSend.forEach(p -> p.sendVia(sender)));
        } else {
            toSend.forEach(Pending::sendAsync);
            toSend.forEach(Pending::await);
        }
    }

    /** The events of {@code batch} that an interrupted attempt did not get onto their topics. */
    private List<Pending<?>> missing(String runId, int round, String output, List<Pending<?>> batch,
                                     Map<String, Map<Integer, Long>> endOffsets) {
        Map<String, List<Pending<?>>> byTopic = new LinkedHashMap<>();
        batch.forEach(p -> byTopic.computeIfAbsent(p.writer().topic().name(), t -> new ArrayList<>()).add(p));
        List<Pending<?>> out = new ArrayList<>();
        byTopic.forEach((topic, events) -> {
            Set<String> ids = new LinkedHashSet<>();
            events.forEach(p -> ids.add(p.meta().getEventId()));
            TopicWriter<?> writer = events.get(0).writer();
            Set<String> found = outputLog.published(topic, endOffsets.getOrDefault(topic, Map.of()), ids,
                    writer::decode);
            events.stream().filter(p -> !found.contains(p.meta().getEventId())).forEach(out::add);
        });
        LOG.warn("Run {} round {}: an earlier attempt to announce {} {} was interrupted; {} of its {} events are on"
                        + " their topics, sending the {} missing (repair)", runId, round, stage, output,
                batch.size() - out.size(), batch.size(), out.size());
        return out;
    }

    private BlobKey key(String runId, int round, String output) {
        return BlobKeys.announcement(runId, round, stage, output);
    }

    /**
     * Where the output topics ended before the first attempt sent anything.
     *
     * @param endOffsets by topic, then partition
     */
    public record Intent(Map<String, Map<Integer, Long>> endOffsets) {
    }

    /** An event held back until the work is done. */
    private static final class Pending<V extends SpecificRecord> {
        private final TopicWriter<V> writer;
        private final V event;
        private CompletableFuture<RecordMetadata> sent;

        Pending(TopicWriter<V> writer, V event) {
            this.writer = writer;
            this.event = event;
        }

        TopicWriter<V> writer() {
            return writer;
        }

        EventMeta meta() {
            return (EventMeta) event.get(event.getSchema().getField("meta").pos());
        }

        void sendAsync() {
            sent = writer.sendAsync(event);
        }

        void sendVia(PartitionFences.Sender sender) {
            sender.send(writer, event); // the transaction's commit waits for it
        }

        void await() {
            writer.await(sent);
        }
    }
}
