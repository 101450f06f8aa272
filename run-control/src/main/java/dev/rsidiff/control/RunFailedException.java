package dev.rsidiff.control;

/**
 * A run that failed because items of its rounds were dead-lettered and its policy is {@code FAIL_RUN}: the message
 * lists them. The stages keep the rounds open, so the run goes on once the dead letters are replayed.
 */
public class RunFailedException extends RuntimeException {

    public RunFailedException(String message) {
        super(message);
    }
}
