package dev.rsidiff.bus.deadletter;

import dev.rsidiff.events.run.RoundEvaluated;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that fails on events of one run id and records the rest. */
@Requires(property = FlakyListener.ENABLED, value = "true")
@KafkaListener(groupId = FlakyListener.GROUP, offsetReset = OffsetReset.EARLIEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryCount = 2, retryDelay = "20ms"))
public class FlakyListener {

    static final String ENABLED = "flaky-listener.enabled";
    static final String FAIL_RUN_PREFIX_PROPERTY = "flaky-listener.fail-run";
    static final String GROUP = "flaky-listener";
    static final String FAILURE_MESSAGE = "handler refuses this event";

    private final String failRun;
    private final List<RoundEvaluated> handled = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public FlakyListener(@Value("${" + FAIL_RUN_PREFIX_PROPERTY + "}") String failRun) {
        this.failRun = failRun;
    }

    @Topic("rsidiff.rounds.evaluated")
    void receive(RoundEvaluated event) {
        String run = event.getMeta().getRunId();
        attempts.merge(run, 1, Integer::sum);
        if (run.equals(failRun)) {
            throw new IllegalStateException(FAILURE_MESSAGE);
        }
        handled.add(event);
    }

    List<RoundEvaluated> handled() {
        return handled;
    }

    int attemptsFor(String run) {
        return attempts.getOrDefault(run, 0);
    }
}
