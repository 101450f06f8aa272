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
 * {@code read_committed}; once its consumer learns that the partition moved, the stage sees a
 * {@link FencedOutException} and leaves the record to the new owner.
 * Without it, a stalled and a new owner that finish the same round at the same moment would both announce it.
 *
 * <p>A fenced commit does not say who fenced it: the broker also bumps the epoch, with the same error, when a
 * transaction outlives {@code transaction.timeout.ms} (a stall between the first send and the commit). So a fenced
 * instance does not give the partition up on its own: the fence becomes suspect, the failure is retriable, and the
 * next transaction waits until a record of the partition is delivered again and the group coordinator confirms,
 * on the listener's thread, that this consumer still owns it ({@link #delivered}). A newer owner exists only if
 * the group moved the partition, and then the confirmation is refused (or the rebalance has revoked it first) and
 * the partition is dropped; after a timeout the confirmation succeeds and the producer is initialised again.
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
    private final Duration transactionTimeout;
    private final Map<Integer, Fence> owned = new TreeMap<>();

    /**
     * @param group the stage's consumer group (one transactional id space per stage)
     * @param input the topic whose partitions the stage owns, keyed by run id
     */
    public PartitionFences(KafkaClientSettings settings, String group, Topic<String, ?> input) {
        this(settings, group, input, Duration.ofMillis(TRANSACTION_TIMEOUT_MS));
    }

    /** @param transactionTimeout how long the broker lets a transaction stay open before aborting it */
    public PartitionFences(KafkaClientSettings settings, String group, Topic<String, ?> input,
                           Duration transactionTimeout) {
        this.settings = settings;
        this.group = group;
        this.input = input;
        this.transactionTimeout = transactionTimeout;
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

    /**
     * A record of {@code partition} was delivered to this instance's listener. If the partition's fence is suspect
     * (its last commit was fenced), {@code confirmOwnership} asks the group coordinator, on the listener's thread,
     * whether this consumer still owns the partition: if it returns, the fence is trusted again; if it throws
     * {@link FencedOutException}, the partition is dropped and the exception passes on.
     */
    public void delivered(TopicPartition partition, Runnable confirmOwnership) {
        if (!partition.topic().equals(input.name())) {
            return;
        }
        Fence fence;
        synchronized (this) {
            fence = owned.get(partition.partition());
        }
        if (fence == null || !fence.suspect()) {
            return;
        }
        try {
            confirmOwnership.run();
        } catch (FencedOutException e) {
            fence.close();
            dropIfCurrent(partition.partition(), fence);
            throw e;
        }
        fence.trust();
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
        /** The last commit was fenced, and the group has not yet confirmed that this instance still owns it. */
        private boolean suspect;

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
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
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
         * @throws FencedOutException     if the partition moved away from this instance
         * @throws PublishFailedException otherwise, after aborting (retriable: the stage's input is redelivered),
         *                                also when the commit was fenced or the fence is still suspect from that
         */
        public synchronized void transaction(java.util.function.Consumer<Sender> body) {
            if (closed) {
                throw new FencedOutException("The producer of " + transactionalId + " was closed: the partition moved");
            }
            if (suspect) {
                throw new PublishFailedException("The last transaction of " + transactionalId + " was fenced; the next"
                        + " waits until a redelivered record of " + input.name() + "-" + partition + " confirms with the"
                        + " group that this instance still owns it", null, true);
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
                    closeProducer();
                    suspect = true;
                    throw new PublishFailedException("Fenced: the broker aborted the transaction of " + transactionalId
                            + ", because a newer owner of " + input.name() + "-" + partition + " initialised it or"
                            + " because it stayed open longer than " + transactionTimeout.toMillis() + " ms; its"
                            + " events are invisible to committed readers, and the work is retried once the group"
                            + " confirms who owns the partition", e, true);
                }
                // Whatever state the producer is in, the next transaction's fresh one aborts this one.
                closeProducer();
                throw new PublishFailedException("Transaction of " + transactionalId + " failed and was aborted: "
                        + e.getMessage(), e, true);
            }
        }

        synchronized boolean suspect() {
            return suspect;
        }

        synchronized void trust() {
            if (suspect) {
                LOG.info("The group confirmed that this instance still owns {}-{}; {} is initialised again",
                        input.name(), partition, transactionalId);
            }
            suspect = false;
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
