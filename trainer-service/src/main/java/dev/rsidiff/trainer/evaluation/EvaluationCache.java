package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.protocol.Manifests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Evaluations shared between runs. A checkpoint's evaluation is deterministic given the evaluator's settings (same
 * prompts, seeds and sampler), the classifier and scorers that judge it and the metrics' definitions, so it is
 * computed once and stored under a fingerprint of all of them: every arm of a study, and every run from G0,
 * evaluates the same base, which took a sixth of a quick study's CPU before.
 */
final class EvaluationCache {

    private final BlobStore blobs;

    EvaluationCache(BlobStore blobs) {
        this.blobs = blobs;
    }

    Optional<EvaluationReport> find(String checkpointId, String fingerprint) {
        BlobKey key = BlobKeys.evaluation(checkpointId, fingerprint);
        return blobs.readIfExists(key).map(f -> Manifests.fromJson(f.bytes(), EvaluationReport.class,
                "stored evaluation " + key.value()));
    }

    void put(String checkpointId, String fingerprint, EvaluationReport report) {
        blobs.put(BlobKeys.evaluation(checkpointId, fingerprint), Manifests.toJson(report), "application/json");
    }

    /** Everything an evaluation's figures depend on besides the checkpoint, hashed. */
    static String fingerprint(Evaluator.Settings settings, int validationPrompts, String classifierVersion,
                              Map<String, String> scorerVersions) {
        String canonical = "metrics=" + Evaluator.METRICS_VERSION + "|settings=" + settings + "|validation="
                + validationPrompts + "|classifier=" + classifierVersion + "|scorers=" + new TreeMap<>(scorerVersions);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
