package dev.rsidiff.prompt.round;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolSettingsTest {

    @Test
    void theDefaultsPass() {
        PoolSettings settings = new PoolSettings();
        assertThat(settings.check()).isSameAs(settings);
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAndValue() {
        PoolSettings clusters = new PoolSettings();
        clusters.setClusters(0);
        assertThatThrownBy(clusters::check).hasMessage("rsidiff.prompts.clusters=0 is outside 1..512");

        PoolSettings moreClustersThanPrompts = new PoolSettings();
        moreClustersThanPrompts.setPoolSize(8);
        moreClustersThanPrompts.setClusters(9);
        assertThatThrownBy(moreClustersThanPrompts::check).hasMessage("rsidiff.prompts.clusters=9 is outside 1..8");

        PoolSettings threshold = new PoolSettings();
        threshold.setSpecificityThreshold(1.5);
        assertThatThrownBy(threshold::check).hasMessage("rsidiff.prompts.specificity-threshold=1.5 is outside 0..1");

        PoolSettings corpus = new PoolSettings();
        corpus.setCorpusSize(0);
        assertThatThrownBy(corpus::check).hasMessage("rsidiff.prompts.corpus-size=0 must be at least 1");
    }

    @Test
    void aCorpusFileIsReadThroughAtTheCheckAndAFaultNamesItsLine(@TempDir Path dir) throws Exception {
        PoolSettings missing = new PoolSettings();
        missing.setCorpusFile(dir.resolve("absent.txt").toString());
        assertThatThrownBy(missing::check).hasMessageContaining("rsidiff.prompts.corpus-file=" + dir.resolve("absent.txt"))
                .hasMessageContaining("is not a readable file");

        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \n");
        PoolSettings none = new PoolSettings();
        none.setCorpusFile(empty.toString());
        assertThatThrownBy(none::check).hasMessage("rsidiff.prompts.corpus-file=" + empty + " holds no prompt");

        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"prompt\": \"a red circle\"}\n{not json\n");
        PoolSettings bad = new PoolSettings();
        bad.setCorpusFile(broken.toString());
        assertThatThrownBy(bad::check).hasMessageContaining(broken.toString()).hasMessageContaining("line 2");

        Path good = Files.writeString(dir.resolve("good.txt"), "a red circle\na blue square on the left\n");
        PoolSettings fine = new PoolSettings();
        fine.setCorpusFile(good.toString());
        fine.setCorpusSize(0); // the world's corpus size does not apply to a file
        assertThat(fine.check()).isSameAs(fine);
    }
}
