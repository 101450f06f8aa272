package dev.rsidiff.trainer;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.OpenRounds;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.runtime.TorchThreads;
import dev.rsidiff.trainer.evaluation.EvaluationPriority;
import dev.rsidiff.trainer.evaluation.EvaluationSettings;
import dev.rsidiff.trainer.evaluation.EvaluationWorkers;
import dev.rsidiff.trainer.evaluation.RoundEvaluation;
import dev.rsidiff.runtime.SettingChecks;
import dev.rsidiff.runtime.memory.HeapRelease;
import dev.rsidiff.trainer.training.RoundTraining;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

@Factory
public class TrainerServiceFactory {

    /** The trainer collects a round's weights: its checkpoint goes out only from the weights partition's owner. */
    @Singleton
    @Bean(preDestroy = "close")
    PartitionFences partitionFences(KafkaClientSettings settings) {
        return new PartitionFences(settings, TrainerListener.GROUP, Topics.WEIGHTS_ASSIGNED);
    }

    @Singleton
    RoundTraining roundTraining(BlobStore blobs, RunConfigStore configs, CheckpointStore checkpoints,
                                EventProducer producer, OutputLog outputLog, PartitionFences fences,
                                @Value("${" + OpenRounds.GRACE_PERIOD + ":5m}") Duration gracePeriod) {
        SettingChecks.positive(OpenRounds.GRACE_PERIOD, gracePeriod);
        TopicWriter<CheckpointPublished> writer = producer.writerFor(Topics.CHECKPOINTS_PUBLISHED);
        Announcements announcements = new Announcements(blobs, RoundTraining.STAGE, outputLog, fences);
        return new RoundTraining(blobs, configs, checkpoints, announcements.sender(writer),
                new EventMetas(ServiceName.TRAINER_SERVICE), gracePeriod, Clock.systemUTC(), announcements,
                HeapRelease.collectAndTrim());
    }

    @Singleton
    @Bean(preDestroy = "close")
    RoundEvaluation roundEvaluation(BlobStore blobs, CheckpointStore checkpoints, RunConfigStore configs,
                                    EventProducer producer, OutputLog outputLog,
                                    @Value("${" + EvaluationSettings.PROMPTS + ":100}") int prompts,
                                    @Value("${" + EvaluationSettings.IMAGES_PER_PROMPT + ":4}") int imagesPerPrompt,
                                    @Value("${" + EvaluationSettings.BATCH_SIZE + ":" + Evaluator.SAMPLING_BATCH + "}")
                                    int batchSize,
                                    @Value("${" + EvaluationSettings.VALIDATION_PROMPTS + ":100}") int validationPrompts,
                                    @Value("${" + EvaluationPriority.SETTING + ":10}") int niceness,
                                    @Value("${" + EvaluationWorkers.SETTING + ":0}") int workers) {
        TopicWriter<RoundEvaluated> writer = producer.writerFor(Topics.ROUNDS_EVALUATED);
        Announcements announcements = new Announcements(blobs, RoundEvaluation.STAGE, outputLog);
        return new RoundEvaluation(blobs, checkpoints, configs,
                EvaluationSettings.of(prompts, imagesPerPrompt, batchSize),
                EvaluationSettings.validationPrompts(validationPrompts), announcements.sender(writer), new EventMetas(ServiceName.EVALUATOR), announcements,
                EvaluationPriority.of(niceness), HeapRelease.collectAndTrim(), EvaluationWorkers.resolve(workers,
                Runtime.getRuntime().availableProcessors(), TorchThreads.intraOpThreads()));
    }
}
