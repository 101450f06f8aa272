package dev.rsidiff.prompt.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusSourceTest {

    @Test
    void readsEachFormat(@TempDir Path dir) throws Exception {
        Path txt = Files.writeString(dir.resolve("c.txt"), "a red circle\r\n\n  a blue square  \n");
        Path csv = Files.writeString(dir.resolve("c.csv"), "id,prompt\n1,\"a red, round circle\"\n\n2,\"a \"\"big\"\" square\"\n");
        Path headless = Files.writeString(dir.resolve("h.csv"), "a red circle,x\na blue square,y\n");
        Path jsonl = Files.writeString(dir.resolve("c.jsonl"), "{\"prompt\":\"a red circle\"}\n\n{\"text\":\"a blue square\"}\n");

        assertThat(CorpusSource.file(txt)).containsExactly("a red circle", "a blue square");
        assertThat(CorpusSource.file(csv)).containsExactly("a red, round circle", "a \"big\" square");
        assertThat(CorpusSource.file(headless)).containsExactly("a red circle", "a blue square");
        assertThat(CorpusSource.file(jsonl)).containsExactly("a red circle", "a blue square");
    }

    @Test
    void aLineLongerThanThePromptLimitIsRefusedWithItsNumber(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("long.txt"),
                "a red circle\n" + "x".repeat(CorpusSource.MAX_LINE_CHARS + 1) + "\n");

        assertThatThrownBy(() -> CorpusSource.file(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining(Integer.toString(CorpusSource.MAX_LINE_CHARS));
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.txt");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(CorpusSource.MAX_FILE_BYTES + 1);
        }

        assertThatThrownBy(() -> CorpusSource.file(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("huge.txt").hasMessageContaining("bytes");
    }

    @Test
    void anUnknownFormatOrBrokenLineIsNamed(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("c.xml"), "<p/>");
        Path jsonl = Files.writeString(dir.resolve("c.jsonl"), "{\"prompt\":\"ok\"}\n{\"other\":1}\n");

        assertThatThrownBy(() -> CorpusSource.file(xml)).hasMessageContaining(".txt, .csv or .jsonl");
        assertThatThrownBy(() -> CorpusSource.file(jsonl)).hasMessageContaining("line 2");
    }
}
