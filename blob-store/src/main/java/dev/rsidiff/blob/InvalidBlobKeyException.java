package dev.rsidiff.blob;

import dev.rsidiff.schemas.RecordFault;

/** A key or key segment that the layout does not allow. */
public class InvalidBlobKeyException extends IllegalArgumentException implements RecordFault {
    public InvalidBlobKeyException(String message) {
        super(message);
    }
}
