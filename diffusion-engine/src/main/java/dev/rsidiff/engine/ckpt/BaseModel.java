package dev.rsidiff.engine.ckpt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The shipped base model G0, pretrained by {@code rsi engine pretrain} and committed with the engine. */
public final class BaseModel {

    /** Classpath location of the G0 checkpoint. */
    public static final String RESOURCE = "/models/g0/g0.ckpt";

    /**
     * The id of the shipped G0 (the hash of its weights), so that runs can name their base without reading it;
     * {@code BaseModelTest} fails if the shipped file and this id ever disagree.
     */
    public static final String ID = "ck-ab2ef2285fa24341";

    private BaseModel() {
    }

    /** Reads and verifies the shipped G0 checkpoint. */
    public static Checkpoint load() {
        try (InputStream in = BaseModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CheckpointException("The base model " + RESOURCE + " is not on the classpath: "
                        + "pretrain it with 'rsi engine pretrain' (see diffusion-engine/README.md)");
            }
            return CheckpointIO.read(new java.io.BufferedInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the base model failed", e);
        }
    }
}
