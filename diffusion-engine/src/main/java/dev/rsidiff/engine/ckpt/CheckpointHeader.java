package dev.rsidiff.engine.ckpt;

import dev.rsidiff.engine.model.ModelConfig;

import java.util.List;

/**
 * What a checkpoint says about itself: format, identity, lineage, training progress, architecture, contents and
 * the SHA-256 of its payload.
 *
 * @param format        format version
 * @param id            checkpoint id: "ck-" and the first 16 hex digits of the payload's SHA-256
 * @param parentId      checkpoint it was trained from (null for a model trained from scratch)
 * @param step          optimizer steps taken by the training that produced it (since its training state began)
 * @param createdAt     ISO-8601 creation time
 * @param config        architecture
 * @param tensors       payload layout, in order
 * @param payloadSha256 SHA-256 of the payload bytes
 * @param note          free text: how it was made
 */
public record CheckpointHeader(int format, String id, String parentId, long step, String createdAt,
                               ModelConfig config, List<TensorSpec> tensors, String payloadSha256, String note) {
}
