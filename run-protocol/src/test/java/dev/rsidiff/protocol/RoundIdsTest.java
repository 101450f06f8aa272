package dev.rsidiff.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoundIdsTest {

    @Test
    void idsAreDeterministicAndValidObjectKeySegments() {
        String prompt = RoundIds.promptId("run-1", 2, 7);
        assertThat(prompt).isEqualTo("run-1.r2.p0007");
        assertThat(RoundIds.imageId(prompt, 3)).isEqualTo("run-1.r2.p0007.i3");
        assertThat(dev.rsidiff.blob.BlobKeys.image("run-1", 2, RoundIds.imageId(prompt, 3)).value())
                .endsWith("/images/run-1.r2.p0007.i3.png");
    }

    @Test
    void seedsAreReproducibleAndDistinct() {
        Set<Long> seeds = new HashSet<>();
        for (int round = 1; round <= 3; round++) {
            for (int p = 0; p < 100; p++) {
                for (int i = 0; i < 4; i++) {
                    long s = RoundIds.imageSeed(42, round, p, i);
                    assertThat(s).isEqualTo(RoundIds.imageSeed(42, round, p, i)).isNotNegative();
                    seeds.add(s);
                }
            }
        }
        assertThat(seeds).hasSize(1200);
        assertThat(RoundIds.imageSeed(43, 1, 0, 0)).isNotEqualTo(RoundIds.imageSeed(42, 1, 0, 0));
    }
}
