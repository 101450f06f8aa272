package dev.rsidiff.bus.listen;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a batch listener's poll waits for more (the consumer side, against a real broker: PollLingerIT). */
class PollLingerTest {

    private static final Duration LINGER = Duration.ofMillis(300);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final PollLinger linger = new PollLinger(16, LINGER, now::get);

    /** {@code count} records of partition 0 from offset {@code from}, each written at {@code writtenAt}. */
    private static List<ConsumerRecord<String, String>> records(int from, int count, long writtenAt) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(new ConsumerRecord<>("prompts", 0, i, writtenAt, TimestampType.CREATE_TIME, 1, 1, "k" + i, "v" + i,
                    new RecordHeaders(), Optional.empty()));
        }
        return out;
    }

    @Test
    void aFullPollGoesThrough() {
        assertThat(linger.waits(records(0, 16, now.get()), false)).isFalse();
    }

    @Test
    void aPartialPollJustWrittenWaitsUntilItsNewestRecordIsTheLingerOld() {
        long written = now.get();
        assertThat(linger.waits(records(0, 11, written), false)).isTrue();
        now.addAndGet(299);
        assertThat(linger.waits(records(0, 12, written + 10), false)).as("its newest record is 289 ms old").isTrue();
        now.addAndGet(11);
        assertThat(linger.waits(records(0, 12, written + 10), false)).isFalse();
        assertThat(linger.remembered()).as("what went through is forgotten").isZero();
    }

    @Test
    void aPartialPollWrittenLongAgoGoesThroughAtOnce() {
        // the last prompts of a round, taken after the batch before them was drawn
        assertThat(linger.waits(records(48, 5, now.get() - 3_000), false)).isFalse();
    }

    @Test
    void aPartialPollGoesThroughAtOnceWhenNothingMoreCanCome() {
        assertThat(linger.waits(records(0, 5, now.get()), true)).isFalse();
    }

    @Test
    void aPollFirstSeenTheLingerAgoGoesThroughWhateverItsTimestampsSay() {
        // a producer whose clock runs a minute ahead of this one
        long ahead = now.get() + 60_000;
        assertThat(linger.waits(records(0, 11, ahead), false)).isTrue();
        now.addAndGet(200);
        assertThat(linger.waits(records(0, 13, ahead), false)).as("the first 11 were seen 200 ms ago").isTrue();
        now.addAndGet(100);
        assertThat(linger.waits(records(0, 13, ahead), false)).isFalse();
    }

    @Test
    void aZeroLingerNeverWaits() {
        PollLinger none = new PollLinger(16, Duration.ZERO, now::get);
        assertThat(none.waits(records(0, 1, now.get()), false)).isFalse();
    }

    @Test
    void recordsSeenButNeverLetThroughAreForgottenInTime() {
        // a partial poll waits, then its partition goes to another instance and it never comes back here
        assertThat(linger.waits(records(0, 3, now.get()), false)).isTrue();
        assertThat(linger.remembered()).isEqualTo(3);
        now.addAndGet(100 * LINGER.toMillis() + 1);
        assertThat(linger.waits(records(100, 16, now.get()), false)).isFalse();
        assertThat(linger.remembered()).isZero();
    }

    @Test
    void aNegativeLingerOrAnEmptyBatchIsRefused() {
        assertThatThrownBy(() -> new PollLinger(16, Duration.ofMillis(-1))).hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> new PollLinger(0, LINGER)).hasMessageContaining("not 0 and PT0.3S");
    }
}
