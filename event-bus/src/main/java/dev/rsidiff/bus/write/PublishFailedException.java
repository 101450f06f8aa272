package dev.rsidiff.bus.write;

/**
 * An event could not be written. {@link #isRetriable()} tells a transient broker condition (the caller may try
 * again, e.g. by not committing its input so the work is redelivered) from a fatal one (bad event, authorization,
 * fenced producer) that retrying cannot fix.
 */
public class PublishFailedException extends RuntimeException {

    private final boolean retriable;

    public PublishFailedException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
