package dev.rsidiff.engine.train;

/** Training produced a non-finite loss or gradient; the step was not applied. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
