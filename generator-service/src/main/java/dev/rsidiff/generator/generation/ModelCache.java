package dev.rsidiff.generator.generation;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;

/**
 * The model of the checkpoint being sampled from. Rounds use one checkpoint each, so one model is kept; asking for
 * another checkpoint loads it (verified) and frees the previous one.
 */
public final class ModelCache implements AutoCloseable {

    private final CheckpointStore checkpoints;
    private String loadedId;
    private DiffusionModel model;

    public ModelCache(CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
    }

    public synchronized DiffusionModel model(String checkpointId) {
        if (!checkpointId.equals(loadedId)) {
            DiffusionModel next = checkpoints.load(checkpointId).toModel();
            close();
            model = next;
            loadedId = checkpointId;
        }
        return model;
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
            loadedId = null;
        }
    }
}
