package dev.rsidiff.engine.ckpt;

import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @Test
    void aCheckpointRoundTripsBitIdentically() throws Exception {
        try (DiffusionModel model = EngineFixtures.freshModel(5)) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            CheckpointHeader header = CheckpointIO.write(model, null, "ck-parent", "test", first);
            Checkpoint read = CheckpointIO.read(new ByteArrayInputStream(first.toByteArray()));
            assertThat(read.header().id()).isEqualTo(header.id()).startsWith("ck-");
            assertThat(read.header().parentId()).isEqualTo("ck-parent");
            assertThat(read.header().config()).isEqualTo(model.config());
            try (DiffusionModel loaded = read.toModel()) {
                for (var e : model.params().all().entrySet()) {
                    assertThat(loaded.params().get(e.getKey()).toFloatArray()).as(e.getKey())
                            .isEqualTo(e.getValue().toFloatArray());
                }
                ByteArrayOutputStream second = new ByteArrayOutputStream();
                CheckpointHeader again = CheckpointIO.write(loaded, null, "ck-parent", "test", second);
                assertThat(again.payloadSha256()).isEqualTo(header.payloadSha256());
                assertThat(payload(second.toByteArray())).isEqualTo(payload(first.toByteArray()));
            }
        }
    }

    @Test
    void aCorruptedOrTruncatedCheckpointIsRefused() throws Exception {
        byte[] bytes;
        try (DiffusionModel model = EngineFixtures.freshModel(5)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointIO.write(model, null, null, "test", out);
            bytes = out.toByteArray();
        }
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 100] ^= 0x01;
        assertThatThrownBy(() -> CheckpointIO.read(new ByteArrayInputStream(flipped)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("corrupted").hasMessageContaining("SHA-256");
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> CheckpointIO.read(new ByteArrayInputStream(truncated)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("truncated");
        byte[] notACheckpoint = "PK\u0003\u0004 something else".getBytes();
        assertThatThrownBy(() -> CheckpointIO.read(new ByteArrayInputStream(notACheckpoint)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("RSIDCKPT");
    }

    @Test
    void aHeaderThatDeclaresHugeTensorsIsRefusedBeforeAnythingIsAllocated() throws Exception {
        byte[] bytes;
        try (DiffusionModel model = EngineFixtures.freshModel(5)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointIO.write(model, null, null, "test", out);
            bytes = out.toByteArray();
        }
        // 8 magic bytes, the header length, the JSON header; then the payload, of which a bomb needs none.
        int length = java.nio.ByteBuffer.wrap(bytes, 8, 4).getInt();
        String header = new String(bytes, 12, length, java.nio.charset.StandardCharsets.UTF_8);
        String bomb = header.replaceFirst("\"shape\":\\[[0-9,]*\\]", "\"shape\":[100000,100000]");
        assertThat(bomb).isNotEqualTo(header);
        byte[] json = bomb.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer forged = java.nio.ByteBuffer.allocate(12 + json.length);
        forged.put(bytes, 0, 8).putInt(json.length).put(json);

        assertThatThrownBy(() -> CheckpointIO.read(new ByteArrayInputStream(forged.array())))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("10000000000 values")
                .hasMessageContaining("refused before reading");
    }

    @Test
    void aCheckpointForAnotherArchitectureIsRefusedNamingTheDifference() throws Exception {
        ModelConfig d = ModelConfig.defaults(32);
        ModelConfig narrow = new ModelConfig(d.imageSize(), d.latentChannels(), d.aeChannels(), 32, d.midChannels(),
                d.condDim(), d.textDim(), d.textLayers(), d.textHidden(), d.textHeads(), d.maxTokens(), d.vocabulary(), d.timesteps(), "v", d.conditioning());
        byte[] bytes;
        try (DiffusionModel model = DiffusionModel.create(narrow, 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointIO.write(model, null, null, "narrow", out);
            bytes = out.toByteArray();
        }
        Checkpoint checkpoint = CheckpointIO.read(new ByteArrayInputStream(bytes));
        try (DiffusionModel standard = EngineFixtures.freshModel(1)) {
            assertThatThrownBy(() -> checkpoint.loadInto(standard))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("baseChannels: 32 vs 64");
        }
    }

    private static byte[] payload(byte[] checkpoint) {
        int headerLength = java.nio.ByteBuffer.wrap(checkpoint, 8, 4).getInt();
        return Arrays.copyOfRange(checkpoint, 12 + headerLength, checkpoint.length);
    }
}
