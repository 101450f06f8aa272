package dev.rsidiff.control.report;

import dev.rsidiff.protocol.config.RunConfigs;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.study.StudyRunner;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.weights.WeightDistribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the object store holds of one run, read for its report: the configuration it was started with, and per round
 * (the base as round {@code startRound - 1}) the held-out evaluation, the spread of its Eq. 5 weights, the
 * checkpoint with its parent and training note, and the best round the last decision named. Only stored objects
 * are read, never events, so a report can be made long after the topics have expired.
 *
 * @param bestRound the best round the latest decision named, or -1 if no round was decided
 */
public record RunRecord(String runId, RunConfig config, Map<Integer, Round> rounds, int bestRound) {

    /**
     * One round.
     *
     * @param evaluation   its held-out evaluation (null while it has none)
     * @param weights      how its selected samples' weights spread (null for the base)
     * @param checkpointId the checkpoint its evaluation measured
     * @param parentId     that checkpoint's parent (null for the shipped base)
     * @param note         that checkpoint's training note
     */
    public record Round(int number, EvaluationReport evaluation, WeightDistribution weights, String checkpointId,
                        String parentId, String note) {
    }

    /** Reads run {@code runId}; its configuration must have been stored (every run's is, by the prompt service). */
    public static RunRecord read(BlobStore blobs, CheckpointStore checkpoints, String runId) {
        RunConfig config = new RunConfigStore(blobs).load(runId);
        int base = config.getStartRound() - 1;
        int last = RunConfigs.lastRound(config);
        Map<Integer, Round> rounds = new TreeMap<>();
        int best = -1;
        for (int r = base; r <= last; r++) {
            Optional<EvaluationReport> evaluation = blobs.readIfExists(BlobKeys.evaluationManifest(runId, r))
                    .map(f -> Manifests.fromJson(f.bytes(), EvaluationReport.class, "evaluation of round"));
            WeightDistribution weights = blobs.readIfExists(BlobKeys.weightsManifest(runId, r))
                    .map(f -> StudyRunner.weightsOf(f.bytes())).orElse(null);
            if (evaluation.isEmpty() && weights == null) {
                continue;
            }
            String checkpointId = evaluation.map(EvaluationReport::checkpointId).orElse(null);
            CheckpointStore.Lineage lineage = checkpointId == null ? new CheckpointStore.Lineage(null, null)
                    : checkpoints.lineage(checkpointId);
            rounds.put(r, new Round(r, evaluation.orElse(null), weights, checkpointId, lineage.parentId(),
                    lineage.note()));
            best = blobs.readIfExists(BlobKeys.decisionManifest(runId, r))
                    .map(f -> bestRoundOf(f.bytes())).orElse(best);
        }
        if (rounds.isEmpty()) {
            throw new NothingToReportException("Run " + runId + " has no evaluated or weighted round in the store yet");
        }
        return new RunRecord(runId, config, rounds, best);
    }

    private static int bestRoundOf(byte[] decision) {
        try {
            return new ObjectMapper().readTree(decision).path("bestRound").asInt(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable decision manifest", e);
        }
    }
}
