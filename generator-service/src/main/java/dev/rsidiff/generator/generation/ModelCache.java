package dev.rsidiff.generator.generation;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.runtime.memory.HeapRelease;

import java.util.Optional;
import java.util.function.Consumer;

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
    /** Work outside the lock that draws on the loaded model ({@link #ifNoneLoaded}): no switch closes it meanwhile. */
    private int pins;

    public ModelCache(CheckpointStore checkpoints) {
        this(checkpoints, HeapRelease.NONE);
    }

    public ModelCache(CheckpointStore checkpoints, HeapRelease heapRelease) {
        this.checkpoints = checkpoints;
        this.heapRelease = heapRelease;
    }

    public synchronized DiffusionModel model(String checkpointId) {
        if (!checkpointId.equals(loadedId)) {
            awaitUnpinned();
            DiffusionModel next = checkpoints.load(checkpointId).toModel();
            boolean switched = model != null;
            closeModel();
            if (switched) {
                heapRelease.after("switching to checkpoint " + checkpointId);
            }
            model = next;
            loadedId = checkpointId;
        }
        return model;
    }

    /**
     * Loads the checkpoint's model and hands it to {@code work}, unless a model is loaded already. The work runs
     * outside the cache's lock, so that a call for the same checkpoint meanwhile gets the model at once (a poll need
     * not wait for the warm-up, {@link SamplerWarmUp}); a switch of checkpoint, or a close, waits until it is done.
     *
     * @return whether the work ran
     */
    public boolean ifNoneLoaded(String checkpointId, Consumer<DiffusionModel> work) {
        DiffusionModel pinned;
        synchronized (this) {
            if (model != null) {
                return false;
            }
            pinned = model(checkpointId);
            pins++;
        }
        try {
            work.accept(pinned);
        } finally {
            synchronized (this) {
                pins--;
                notifyAll();
            }
        }
        return true;
    }

    /** The checkpoint whose model is loaded, if any. */
    public synchronized Optional<String> loaded() {
        return Optional.ofNullable(loadedId);
    }

    @Override
    public synchronized void close() {
        awaitUnpinned();
        closeModel();
    }

    private void awaitUnpinned() {
        try {
            while (pins > 0) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the model was in use", e);
        }
    }

    private void closeModel() {
        if (model != null) {
            model.close();
            model = null;
            loadedId = null;
        }
    }
}
