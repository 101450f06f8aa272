package dev.rsidiff.blob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "runs/../../x", "/abs/key", "runs//x", "runs/./x", "runs/x/", "",
            "runs/a b", "runs/ä", "runs/x\\y"})
    void badKeysAreRejectedNamingTheKey(String key) {
        assertThatThrownBy(() -> BlobKey.of(key)).isInstanceOf(InvalidBlobKeyException.class)
                .hasMessageContaining(key.isEmpty() ? "empty" : "'" + key + "'");
    }

    @Test
    void layoutKeysAreValidAndIdsAreChecked() {
        assertThat(BlobKeys.image("run-1", 2, "img_7").value()).isEqualTo("runs/run-1/rounds/2/images/img_7.png");
        assertThat(BlobKeys.checkpoint("run-1", 0, "ck1").value()).isEqualTo("checkpoints/run-1/0/ck1.ckpt");
        assertThat(BlobKeys.roundManifest("r", 3, "weights.json").value()).isEqualTo("runs/r/rounds/3/manifests/weights.json");
        assertThat(BlobKeys.reference("r", "d0.bin").value()).isEqualTo("reference/r/d0.bin");
        assertThatThrownBy(() -> BlobKeys.image("..", 0, "x")).hasMessageContaining("run id '..'");
        assertThatThrownBy(() -> BlobKeys.image("r", 0, "a/b")).hasMessageContaining("image id 'a/b'");
        assertThatThrownBy(() -> BlobKeys.image("r", -1, "x")).hasMessageContaining("Round must be >= 0");
    }

    @Test
    void settingsNameTheOffendingValue() {
        assertThatThrownBy(() -> new BlobStoreSettings("ftp://x", "a", "s", "rsidiff", null))
                .hasMessageContaining("rsidiff.blob.endpoint 'ftp://x'");
        assertThatThrownBy(() -> new BlobStoreSettings("http://h:1", "a", "s", "Bad_Bucket", null))
                .hasMessageContaining("rsidiff.blob.bucket 'Bad_Bucket'");
        assertThatThrownBy(() -> new BlobStoreSettings("http://h:1", "", "s", "rsidiff", null))
                .hasMessageContaining("rsidiff.blob.access-key is not set");
        assertThat(new BlobStoreSettings("http://h:1", "a", "s3cr3t-value", "rsidiff", null).toString())
                .doesNotContain("s3cr3t-value");
    }
}
