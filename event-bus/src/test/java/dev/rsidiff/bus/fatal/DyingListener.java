package dev.rsidiff.bus.fatal;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.run.RoundEvaluated;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A listener that runs out of memory on the events of one run id. */
@Requires(property = DyingListener.ENABLED, value = "true")
@StageListener(groupId = DyingListener.GROUP)
public class DyingListener {

    static final String ENABLED = "dying-listener.enabled";
    static final String RUN_PROPERTY = "dying-listener.run";
    static final String GROUP = "dying-listener";

    private final String dyingRun;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public DyingListener(@Value("${" + RUN_PROPERTY + "}") String dyingRun) {
        this.dyingRun = dyingRun;
    }

    @Topic("rsidiff.rounds.evaluated")
    void receive(RoundEvaluated event) {
        String run = event.getMeta().getRunId();
        attempts.merge(run, 1, Integer::sum);
        if (run.equals(dyingRun)) {
            throw new OutOfMemoryError("test: Java heap space while handling " + run);
        }
    }

    int attemptsFor(String run) {
        return attempts.getOrDefault(run, 0);
    }
}
