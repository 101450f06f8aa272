package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL the generator while it is generating round 1 and the trainer while it collects round 1's weighted
 * samples; restarted, both finish the round with nothing lost and nothing duplicated.
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
class LoopRecoveryIT {

    @Test
    void killedGeneratorAndTrainerResumeTheRound(StackEndpoints stack, ServiceLogs logs) throws Exception {
        RunConfig config = LoopFixture.config(32, 2, 12, 20);
        int roundImages = config.getPromptsPerRound() * config.getImagesPerPrompt();
        // eight generator batches of four prompts: at the default batch size the round's 64 images are one batch,
        // announced together, and the kill came after the round (CI, 12-07)
        try (ServiceFleet fleet = LoopFixture.fleetWithGeneratorBatches(stack, logs, 4, 8);
             BlobStore blobs = LoopFixture.blobs(stack)) {
            fleet.startAll(Duration.ofMinutes(2));
            RunProgress watch = new RunProgress(null);
            CompletableFuture<RunProgress> run;
            try (RunFollower follower = new RunFollower(stack.kafkaBootstrapServers()).fromNow()) {
                run = CompletableFuture.supplyAsync(() ->
                        new RunDriver(stack.kafkaBootstrapServers(), new PrintWriter(System.out, true))
                                .startAndFollow(config, Duration.ofMinutes(4)));
                assertThat(follower.follow(watch, p -> !p.round(1).images.isEmpty(), Duration.ofMinutes(2), () -> { }))
                        .as("round 1 images under way within 2 min").isTrue();
                int imagesAtKill = watch.round(1).images.size();
                fleet.kill("generator-service");
                System.out.printf("Generator killed with %d of round 1's %d images announced%n", imagesAtKill,
                        roundImages);
                assertThat(imagesAtKill).as("generator killed mid-round").isLessThan(roundImages);
                fleet.start("generator-service");
                fleet.awaitHealthy("generator-service", Duration.ofMinutes(1));

                assertThat(follower.follow(watch, p -> !p.round(1).weights.isEmpty(), Duration.ofMinutes(3), () -> { }))
                        .as("round 1 weights within 3 min of the generator's restart; the run stands at %s",
                                watch.rounds().values().stream().map(watch::describe).toList()).isTrue();
                assertThat(watch.round(1).checkpoints).as("trainer killed before it finished round 1").isEmpty();
                fleet.kill("trainer-service");
                fleet.start("trainer-service");
                fleet.awaitHealthy("trainer-service", Duration.ofMinutes(1));
            }

            RunProgress progress = run.get(5, TimeUnit.MINUTES);
            LoopChecks.roundsComplete(progress, config, blobs);
        }
    }
}
