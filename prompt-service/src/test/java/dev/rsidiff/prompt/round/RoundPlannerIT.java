package dev.rsidiff.prompt.round;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.prompt.pool.PoolStore;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The planner against a real S3 server, for events that arrive in an order Kafka does not promise to avoid. */
@ExtendWith(LocalStackExtension.class)
class RoundPlannerIT {

    @Test
    void theBasesEvaluationArrivingBeforeTheRunsStartPlansNothingAndIsNoError(StackEndpoints stack) {
        // Given a run whose start this service has not handled yet (its configuration is not stored)
        String runId = "run-" + UUID.randomUUID();
        List<Object> published = new ArrayList<>();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), "us-east-1"))) {
            RoundPlanner planner = new RoundPlanner(new PoolStore(blobs), new RunConfigStore(blobs), config -> {
                throw new AssertionError("no pool is built for an evaluation");
            }, new RoundPlanner.RoundEvents() {
                @Override
                public void planned(RoundPlanned event) {
                    published.add(event);
                }

                @Override
                public void prompt(PromptFiltered event) {
                    published.add(event);
                }
            }, new EventMetas(ServiceName.PROMPT_SERVICE), new Announcements(blobs, "planning"));

            // When the evaluator's announcement of the base (round 0) comes first, as a stored evaluation does
            RoundEvaluated base = RoundEvaluated.newBuilder()
                    .setMeta(new EventMetas(ServiceName.EVALUATOR).next(runId, 0))
                    .setCheckpointId("ck-base").setMetrics(Map.of()).build();

            // Then it is acknowledged without a plan, not dead-lettered as an unknown run
            assertThatCode(() -> planner.roundEvaluated(base)).doesNotThrowAnyException();
            assertThat(published).isEmpty();
        }
    }
}
