package dev.rsidiff.bench.loop;

import java.time.Duration;
import java.util.Map;

/**
 * How long each stage of one round took, in pipeline order, and how much it made.
 *
 * @param stages  stage name to duration (for the pipeline: from the stage's input being ready to its last output)
 * @param images  images generated (and so scored)
 * @param scores  scores computed
 * @param weights weighted samples that reached training
 */
record StageTimes(Map<String, Duration> stages, int images, int scores, int weights) {

    Duration total() {
        return stages.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
