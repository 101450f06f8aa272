package dev.rsidiff.blob;

import java.util.regex.Pattern;

/**
 * A validated object key: relative, '/'-separated segments of letters, digits, '.', '_' and '-', no empty, '.' or
 * '..' segment. Keys come from ids in events, so a hostile or broken event must not be able to address anything
 * outside the layout.
 *
 * @param value the key
 */
public record BlobKey(String value) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAX_LENGTH = 1024;

    public BlobKey {
        validate(value);
    }

    public static BlobKey of(String value) {
        return new BlobKey(value);
    }

    /** Checks one path segment, e.g. an id that becomes part of a key. */
    public static String segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new InvalidBlobKeyException("Illegal " + what + " '" + value
                    + "': use 1-200 letters, digits, '.', '_' or '-', and not '.' or '..'");
        }
        return value;
    }

    private static void validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidBlobKeyException("Blob key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidBlobKeyException("Blob key longer than " + MAX_LENGTH + " characters: '"
                    + key.substring(0, 60) + "...'");
        }
        if (key.startsWith("/")) {
            throw new InvalidBlobKeyException("Blob key '" + key + "' is absolute; keys are relative to the bucket");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidBlobKeyException("Blob key '" + key + "' contains a '" + segment + "' segment");
            }
            if (segment.isEmpty()) {
                throw new InvalidBlobKeyException("Blob key '" + key + "' contains an empty segment");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new InvalidBlobKeyException("Blob key '" + key + "' has an illegal segment '" + segment
                        + "': use letters, digits, '.', '_' or '-'");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
