package dev.rsidiff.control.review;

/** An approval the review desk refuses before it is sent: the page shows why and nothing is published. */
public final class ReviewRefusedException extends RuntimeException {

    private final int status;

    public ReviewRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status that says why: 400 for a form that does not fit, 409 for a round already decided. */
    public int status() {
        return status;
    }
}
