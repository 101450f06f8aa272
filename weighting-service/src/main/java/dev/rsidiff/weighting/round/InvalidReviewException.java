package dev.rsidiff.weighting.round;

import dev.rsidiff.schemas.RecordFault;

/** An approval that does not fit the round it names: the record's own fault, dead-lettered with this reason. */
public final class InvalidReviewException extends RuntimeException implements RecordFault {

    public InvalidReviewException(String message) {
        super(message);
    }
}
