package dev.rsidiff.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON form of what services store for people and for their own restarts (manifests, reports, notes). */
public final class Manifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /** Indented JSON, for manifests a person may read. */
    public static byte[] toJson(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One-line JSON, for JSON-lines files and notes embedded elsewhere. */
    public static String toJsonLine(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a stored value; {@code what} names it in the error if the bytes are not one. */
    public static <T> T fromJson(byte[] json, Class<T> type, String what) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Damaged " + what + ": " + e.getMessage(), e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type, String what) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Damaged " + what + ": " + e.getMessage(), e);
        }
    }
}
