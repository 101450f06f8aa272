package dev.rsidiff.bus.write;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.RandomEvents;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The end offsets an intent records: a lower bound on where the next events land, shared for a moment. */
@ExtendWith(LocalStackExtension.class)
class OutputLogIT {

    private static long total(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void endOffsetsAreSharedWithinTheirAgeAndNeverAboveWhereTheNextEventLands(StackEndpoints stack) {
        KafkaClientSettings settings = new KafkaClientSettings(stack.kafkaBootstrapServers(), "output-log-it");
        String topic = Topics.SCORES_COMPUTED.name();
        try (EventProducer producer = new EventProducer(settings);
             OutputLog shared = new OutputLog(settings, Duration.ofHours(1));
             OutputLog fresh = new OutputLog(settings, Duration.ZERO)) {
            // given the ends read once by each log
            Map<Integer, Long> before = shared.endOffsets(topic);
            assertThat(fresh.endOffsets(topic)).isEqualTo(before);

            // when three events are sent after that
            for (int i = 0; i < 3; i++) {
                producer.writerFor(Topics.SCORES_COMPUTED).send(RandomEvents.of(ScoresComputed.class, 100 + i));
            }

            // then the log whose reads may be an hour old answers the earlier ends, still a valid lower bound ...
            assertThat(shared.endOffsets(topic)).isEqualTo(before);
            // ... and a log that always reads fresh sees the three events
            assertThat(total(fresh.endOffsets(topic))).isEqualTo(total(before) + 3);
        }
    }
}
