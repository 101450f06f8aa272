package dev.rsidiff.bus.listen;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Fills a batch listener's batches: a poll that holds fewer records than a full batch, and whose records were
 * written a moment ago, is put back (the consumer is rewound to its first record in each partition), so that the
 * next poll takes it together with the rest of what its producer is still writing. Nothing is held in memory: the
 * records stay uncommitted in Kafka, and a crash or a rebalance while one waits redelivers it as any other.
 *
 * <p>Why not Kafka's own {@code fetch.max.wait.ms}: a consumer always has a fetch in flight, and the one in flight
 * when a burst's first records land returns at its own deadline, anywhere from nothing to the whole wait after
 * them. The generator's polls then split a round's 64 prompts as 11, 16, 16, 16 and 5 (a run of
 * {@code rsi bench loop}), and its sampler, whose batches have a fixed shape, drew a fifth batch, padded from 20
 * images to 64.
 *
 * <p>A partial poll goes through at once when the caller says nothing more can come (all of a round is there),
 * when its newest record was written at least the linger ago by its timestamp (the burst that wrote it is over; a
 * round's prompts were written within 80 ms), or when it was first seen here the linger ago, which bounds the wait
 * whatever the producers' clocks say. Each wait costs a fetch: the consumer fetches the rewound records again.
 */
public final class PollLinger {

    private static final Logger LOG = LoggerFactory.getLogger(PollLinger.class);

    private final int fullPoll;
    private final long lingerMillis;
    private final LongSupplier clockMillis;
    /** When each record of a poll put back was first seen, by partition and offset. */
    private final Map<Seen, Long> firstSeen = new ConcurrentHashMap<>();

    /**
     * @param fullPoll records in a full batch ({@code max.poll.records})
     * @param linger   how long a partial poll may wait for more; zero puts nothing back
     */
    public PollLinger(int fullPoll, Duration linger) {
        this(fullPoll, linger, System::currentTimeMillis);
    }

    PollLinger(int fullPoll, Duration linger, LongSupplier clockMillis) {
        if (fullPoll < 1 || linger.isNegative()) {
            throw new IllegalArgumentException("a poll linger needs a full poll of at least 1 record and a linger of"
                    + " zero or more, not " + fullPoll + " and " + linger);
        }
        this.fullPoll = fullPoll;
        this.lingerMillis = linger.toMillis();
        this.clockMillis = clockMillis;
    }

    /**
     * Puts a partial, fresh poll back; the caller returns without working on it when this answers true.
     *
     * @param complete whether every record that could join these is here already (then they go through at once)
     * @return whether the consumer was rewound to the poll's first records
     */
    public boolean putBack(List<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer, boolean complete) {
        if (!waits(records, complete)) {
            return false;
        }
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<?, ?> r : records) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach(consumer::seek);
        // A few times a round at most: how often the linger acts, for whoever tunes it
        LOG.info("Put back a poll of {} records, the newest written {} ms ago, for the rest of its burst",
                records.size(), clockMillis.getAsLong() - records.stream().mapToLong(ConsumerRecord::timestamp).max()
                        .orElse(0));
        return true;
    }

    /** Whether the poll waits for more; a poll that goes through is forgotten. */
    boolean waits(List<? extends ConsumerRecord<?, ?>> records, boolean complete) {
        long now = clockMillis.getAsLong();
        forgetOlderThan(now - 100 * Math.max(lingerMillis, 1));
        if (records.isEmpty() || records.size() >= fullPoll || complete || lingerMillis == 0) {
            forget(records);
            return false;
        }
        long newest = Long.MIN_VALUE;
        long seen = now;
        for (ConsumerRecord<?, ?> r : records) {
            newest = Math.max(newest, r.timestamp());
            seen = Math.min(seen, firstSeen.computeIfAbsent(Seen.of(r), s -> now));
        }
        if (now - newest >= lingerMillis || now - seen >= lingerMillis) {
            forget(records);
            return false;
        }
        return true;
    }

    /** Records seen but never let through here (their partition went to another instance) are dropped in time. */
    private void forgetOlderThan(long cutoff) {
        firstSeen.values().removeIf(at -> at < cutoff);
    }

    private void forget(List<? extends ConsumerRecord<?, ?>> records) {
        if (!firstSeen.isEmpty()) {
            records.forEach(r -> firstSeen.remove(Seen.of(r)));
        }
    }

    int remembered() {
        return firstSeen.size();
    }

    private record Seen(String topic, int partition, long offset) {
        static Seen of(ConsumerRecord<?, ?> r) {
            return new Seen(r.topic(), r.partition(), r.offset());
        }
    }
}
