package dev.rsidiff.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretFilesTest {

    @Test
    void aSecretComesFromItsValueOrFromItsFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "s3cr3t\n");
        assertThat(SecretFiles.resolve("rsidiff.blob.secret-key", "direct", "")).isEqualTo("direct");
        assertThat(SecretFiles.resolve("rsidiff.blob.secret-key", "", file.toString())).isEqualTo("s3cr3t");
    }

    @Test
    void bothOrAnUnreadableFileAreRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "s3cr3t");
        assertThatThrownBy(() -> SecretFiles.resolve("rsidiff.blob.secret-key", "direct", file.toString()))
                .hasMessageContaining("rsidiff.blob.secret-key and rsidiff.blob.secret-key-file are both set");
        assertThatThrownBy(() -> SecretFiles.resolve("rsidiff.blob.secret-key", "", dir.resolve("missing").toString()))
                .hasMessageContaining("rsidiff.blob.secret-key-file").hasMessageContaining("cannot be read");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> SecretFiles.resolve("rsidiff.blob.secret-key", "", empty.toString()))
                .hasMessageContaining("is empty");
    }
}
