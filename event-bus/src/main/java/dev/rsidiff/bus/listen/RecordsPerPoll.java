package dev.rsidiff.bus.listen;

/**
 * A batch listener's batch size ({@code max.poll.records}) as a setting of the service's own. micronaut-kafka reads
 * a consumer group's Kafka properties under their raw names ({@code kafka.consumers.<group>.max.poll.records}),
 * which no environment variable reaches: {@code KAFKA_CONSUMERS_GENERATOR_SERVICE_MAX_POLL_RECORDS} is ignored
 * (Micronaut 4.10, checked against the resolved configuration). So each batch listener's {@code application.yml}
 * sets {@code max.poll.records} from a placeholder such as {@code ${rsidiff.generator.prompts-per-poll:32}}, which
 * {@code RSIDIFF_GENERATOR_PROMPTS_PER_POLL} does reach, and the listener checks the value when the service starts.
 */
public final class RecordsPerPoll {

    /** Kafka's own default, and more records than any stage here should hold in one batch. */
    static final int MAX = 500;

    private RecordsPerPoll() {
    }

    /**
     * @param setting the setting's name, for the message
     * @throws IllegalArgumentException naming the setting, if the value is outside 1..{@value #MAX}
     */
    public static int check(String setting, int value) {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(setting + "=" + value + " is outside 1.." + MAX + " (records the"
                    + " service takes from Kafka per batch)");
        }
        return value;
    }
}
