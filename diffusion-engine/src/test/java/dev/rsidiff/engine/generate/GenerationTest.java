package dev.rsidiff.engine.generate;

import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationTest {

    private static final SamplerSettings FAST = SamplerSettings.defaults().withSteps(2);

    private static Checkpoint checkpoint() throws Exception {
        try (DiffusionModel model = EngineFixtures.textSensitiveModel(5)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointIO.write(model, null, null, "test", out);
            return CheckpointIO.read(new ByteArrayInputStream(out.toByteArray()));
        }
    }

    @Test
    void writesOnePngAndOneManifestLinePerImageWithSeedsThatRegenerateIt(@TempDir Path out) throws Exception {
        Checkpoint ckpt = checkpoint();
        Generation.Result r = Generation.run(ckpt, List.of("a red circle", "a blue star at the top left"), 3, 100,
                FAST, out);
        List<String> lines = Files.readAllLines(out.resolve(Generation.MANIFEST));
        assertThat(lines).hasSize(6);
        assertThat(r.images()).extracting(Generation.GeneratedImage::seed).containsExactly(100L, 101L, 102L, 103L, 104L, 105L);
        assertThat(lines.get(4)).contains("\"file\":\"p001-i01.png\"", "\"prompt\":\"a blue star at the top left\"",
                "\"seed\":104", "\"checkpointId\":\"" + ckpt.header().id() + "\"");
        for (Generation.GeneratedImage image : r.images()) {
            assertThat(out.resolve(image.file())).isRegularFile();
        }
        // One image alone, from its manifest seed, is the same picture.
        Path again = out.resolve("again");
        Generation.run(ckpt, List.of("a blue star at the top left"), 1, 104, FAST, again);
        assertThat(Files.readAllBytes(again.resolve("p000-i00.png"))).isEqualTo(Files.readAllBytes(out.resolve("p001-i01.png")));
    }

    @Test
    void unknownWordsAreRefusedByNameBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> Generation.run(checkpoint(), List.of("a red circle", "a green dragon"), 1, 0, FAST, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a green dragon'").hasMessageContaining("dragon");
        assertThat(out).doesNotExist();
    }
}
