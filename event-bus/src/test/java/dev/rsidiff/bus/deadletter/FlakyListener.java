package dev.rsidiff.bus.deadletter;

import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.schemas.RecordFault;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that fails on events of one run id and records the rest. */
@Requires(property = FlakyListener.ENABLED, value = "true")
@StageListener(groupId = FlakyListener.GROUP)
public class FlakyListener {

    static final String ENABLED = "flaky-listener.enabled";
    static final String FAIL_RUN_PREFIX_PROPERTY = "flaky-listener.fail-run";
    static final String GROUP = "flaky-listener";
    static final String FAILURE_MESSAGE = "handler refuses this event";
    static final String FAULT_MESSAGE = "this event names nothing that exists";

    /** A failure that is the record's own fault. */
    static final class BadEventException extends RuntimeException implements RecordFault {
        BadEventException(String message) {
            super(message);
        }
    }

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
        if (run.equals("poison-" + failRun)) {
            throw new IllegalStateException("while handling", new BadEventException(FAULT_MESSAGE));
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
