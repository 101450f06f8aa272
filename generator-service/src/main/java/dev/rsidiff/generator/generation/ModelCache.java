package dev.rsidiff.generator.generation;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.runtime.memory.HeapRelease;

/**
 * The model of the checkpoint being sampled from. Rounds use one checkpoint each, so one model is kept; asking for
 * another checkpoint loads it (verified) and frees the previous one. The switch is also when the generator hands
 * memory back ({@link HeapRelease}): the previous round's batches are long dead and the next round's not yet drawn.
 * Without it, its peak over ten rounds of {@code rsi bench loop --rounds 10} rose by up to 11.7% from round 2's
 * (890 to 994 MiB, in steps), against a target of 10%.
 */
public final class ModelCache implements AutoCloseable {

    private final CheckpointStore checkpoints;
    private final HeapRelease heapRelease;
    private String loadedId;
    private DiffusionModel model;

    public ModelCache(CheckpointStore checkpoints) {
        this(checkpoints, HeapRelease.NONE);
    }

    public ModelCache(CheckpointStore checkpoints, HeapRelease heapRelease) {
        this.checkpoints = checkpoints;
        this.heapRelease = heapRelease;
    }

    public synchronized DiffusionModel model(String checkpointId) {
        if (!checkpointId.equals(loadedId)) {
            DiffusionModel next = checkpoints.load(checkpointId).toModel();
            boolean switched = model != null;
            close();
            if (switched) {
                heapRelease.after("switching to checkpoint " + checkpointId);
            }
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
