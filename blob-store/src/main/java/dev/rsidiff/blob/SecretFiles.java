package dev.rsidiff.blob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A secret given either as a value or as a file that holds it ({@code <setting>-file}, as compose {@code secrets:}
 * and Kubernetes mount them), so that it need not sit in the environment where {@code docker inspect} shows it.
 */
public final class SecretFiles {

    private static final long MAX_BYTES = 4096;

    private SecretFiles() {
    }

    /**
     * The secret: {@code value}, or the content of {@code file} without its trailing line break.
     *
     * @throws IllegalArgumentException if both or neither are given, or the file cannot be read, naming the setting
     */
    public static String resolve(String setting, String value, String file) {
        boolean hasValue = value != null && !value.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw new IllegalArgumentException(setting + " and " + setting + "-file are both set; set one");
        }
        if (!hasFile) {
            return value;
        }
        Path path = Path.of(file);
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new IllegalArgumentException(setting + "-file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            String secret = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(setting + "-file " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + "-file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
