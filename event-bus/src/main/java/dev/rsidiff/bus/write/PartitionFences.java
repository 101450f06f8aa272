package dev.rsidiff.bus.write;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Zombie fencing for a stateful collector (the weighting service collecting a round's scores, the trainer
 * collecting its weights): what the stage announces for a round goes out in a Kafka transaction of a producer whose
 * transactional id belongs to the input partition the round arrives on, {@code rsidiff.<group>.<topic>-<partition>}.
 *
 * <p>An instance that is assigned a partition initialises that id's producer, which aborts whatever an earlier
 * owner left open and fences that owner: an instance that stalled (a long GC pause, a SIGSTOP, a network partition)
 * past its session timeout, lost the partition, and then wakes up in the middle of its work can no longer commit a
 * transaction with that id. Its events are aborted, invisible to every consumer, which all read
 * {@code read_committed}; the stage sees a {@link FencedOutException} and leaves the record to the new owner.
 * Without it, a stalled and a new owner that finish the same round at the same moment would both announce it.
 *
 * <p>Partitions follow Kafka's default partitioner over the topic's key, which the collectors' input topics define
 * as the run id: {@link #forInputKey} finds the partition a round's records arrive on.
 */
public final class PartitionFences implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionFences.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** An open transaction of a killed instance holds read_committed consumers back at most this long. */
    static final int TRANSACTION_TIMEOUT_MS = 30_000;

    private final KafkaClientSettings settings;
    private final String group;
    private final Topic<String, ?> input;
    private final Map<Integer, Fence> owned = new TreeMap<>();

    /**
     * @param group the stage's consumer group (one transactional id space per stage)
     * @param input the topic whose partitions the stage owns, keyed by run id
     */
    public PartitionFences(KafkaClientSettings settings, String group, Topic<String, ?> input) {
        this.settings = settings;
        this.group = group;
        this.input = input;
    }

    /**
     * Partitions were assigned to this instance: each newly owned partition's producer is initialised, which
     * fences every earlier owner. Called on the consumer's thread, inside the rebalance.
     */
    public synchronized void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(input.name()) && !owned.containsKey(tp.partition())) {
                owned.put(tp.partition(), new Fence(tp.partition()));
            }
        }
        LOG.info("Fenced transactional producers for {} partitions {}", input.name(), owned.keySet());
    }

    /** Partitions were revoked or lost: their producers are closed, an open transaction of theirs aborted. */
    public void revoked(Collection<TopicPartition> partitions) {
        List<Fence> gone = new ArrayList<>();
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(input.name()) && owned.containsKey(tp.partition())) {
                    gone.add(owned.remove(tp.partition()));
                }
            }
        }
        // Closed outside this object's lock: a transaction holds its fence's lock and may then need this one.
        gone.forEach(Fence::close);
    }

    /** Whether this instance owns the partition that records keyed {@code key} arrive on. */
    public synchronized boolean owns(String key) {
        return owned.containsKey(partitionOf(key));
    }

    /**
     * The fence of the partition that records keyed {@code key} arrive on.
     *
     * @throws FencedOutException if this instance does not own that partition (it was never assigned, or moved)
     */
    public synchronized Fence forInputKey(String key) {
        int partition = partitionOf(key);
        Fence fence = owned.get(partition);
        if (fence == null) {
            throw new FencedOutException("This instance does not own " + input.name() + "-" + partition
                    + " (owned: " + owned.keySet() + "); its work is left to the owner");
        }
        return fence;
    }

    /** The input partition that records keyed {@code key} arrive on. */
    public int partitionOf(String key) {
        return TopicWriter.partitionOf(input, key);
    }

    private synchronized void dropIfCurrent(int partition, Fence fence) {
        if (owned.get(partition) == fence) {
            owned.remove(partition);
        }
    }

    @Override
    public void close() {
        List<Fence> all;
        synchronized (this) {
            all = new ArrayList<>(owned.values());
            owned.clear();
        }
        all.forEach(Fence::close);
    }

    /** Writes events for the topics of a stage's output, inside {@link Fence#transaction}. */
    public interface Sender {
        /** Sends without waiting; the commit waits for every send and fails if one failed. */
        <V extends SpecificRecord> CompletableFuture<RecordMetadata> send(TopicWriter<V> writer, V event);
    }

    /** The transactional producer of one owned input partition. */
    public final class Fence {

        private final int partition;
        private final String transactionalId;
        /** Null until initialised, and again after a failed transaction (the next one starts afresh). */
        private Producer<String, byte[]> producer;
        private boolean closed;

        private Fence(int partition) {
            this.partition = partition;
            this.transactionalId = "rsidiff." + group + "." + input.name() + "-" + partition;
            try {
                producer = open();
            } catch (RuntimeException e) {
                // Inside a rebalance a failure must not escape (the partition is assigned all the same): the first
                // transaction initialises the producer again, and fails retriably if it still cannot.
                LOG.warn("{}; retried at the partition's first transaction", e.getMessage());
            }
        }

        private Producer<String, byte[]> open() {
            Map<String, Object> props = settings.idempotentProducer("fenced-" + partition, false);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(props);
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(CLOSE_TIMEOUT);
                if (causedByFencing(e)) {
                    throw new FencedOutException("A newer owner initialised " + transactionalId, e);
                }
                throw new PublishFailedException("Initialising transactional producer " + transactionalId + " failed: "
                        + e.getMessage(), e, true);
            }
            return p;
        }

        /**
         * Sends what {@code body} writes in one transaction and commits it: every event becomes visible at once,
         * or none does.
         *
         * @throws FencedOutException     if a newer owner of the partition fenced this instance
         * @throws PublishFailedException otherwise, after aborting (retriable: the stage's input is redelivered)
         */
        public synchronized void transaction(java.util.function.Consumer<Sender> body) {
            if (closed) {
                throw new FencedOutException("The producer of " + transactionalId + " was closed: the partition moved");
            }
            if (producer == null) {
                producer = open();
            }
            Producer<String, byte[]> current = producer;
            try {
                current.beginTransaction();
                // A failed send makes the commit fail, so the sends are not awaited one by one.
                body.accept(new Sender() {
                    @Override
                    public <V extends SpecificRecord> CompletableFuture<RecordMetadata> send(TopicWriter<V> writer,
                                                                                            V event) {
                        return writer.through(current).sendAsync(event);
                    }
                });
                current.commitTransaction();
            } catch (RuntimeException e) {
                if (causedByFencing(e)) {
                    close();
                    dropIfCurrent(partition, this);
                    throw new FencedOutException("Fenced: a newer owner of " + input.name() + "-" + partition
                            + " initialised " + transactionalId + "; this instance's events were aborted and its work"
                            + " is left to that owner", e);
                }
                // Whatever state the producer is in, the next transaction's fresh one aborts this one.
                closeProducer();
                throw new PublishFailedException("Transaction of " + transactionalId + " failed and was aborted: "
                        + e.getMessage(), e, true);
            }
        }

        synchronized void close() {
            closed = true;
            closeProducer();
        }

        private void closeProducer() {
            if (producer != null) {
                try {
                    producer.close(CLOSE_TIMEOUT);
                } catch (RuntimeException e) {
                    LOG.warn("Closing transactional producer {} failed: {}", transactionalId, e.getMessage());
                }
                producer = null;
            }
        }
    }

    private static boolean causedByFencing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
