package dev.rsidiff.bench.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LoopBenchCommandTest {

    @Test
    void aDataDirThatHoldsAnEarlierRunIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        // Given a folder an earlier benchmark left its stacks in
        Files.createDirectories(dir.resolve("serial-stack"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // When the benchmark is asked to use it
        int status = new CommandLine(new LoopBenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--data-dir", dir.toString());

        // Then it refuses, naming the folder, and starts nothing
        assertThat(status).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--data-dir " + dir).contains("is not empty");
        assertThat(out.toString()).doesNotContain("Serial, in one process");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("serial-stack");
        }
    }

    @Test
    void anEmptyOrMissingFolderIsAccepted(@TempDir Path dir) throws IOException {
        assertThat(LoopBenchCommand.holdsEntries(dir)).isFalse();
        assertThat(LoopBenchCommand.holdsEntries(dir.resolve("new"))).isFalse();
        Files.writeString(dir.resolve("file"), "x");
        assertThat(LoopBenchCommand.holdsEntries(dir)).isTrue();
        assertThat(LoopBenchCommand.holdsEntries(dir.resolve("file"))).as("a file is no empty folder").isTrue();
    }

    @Test
    void theNoOpModelSettingsAreAValidRunWithoutAnyModelInSamplingOrScoring() {
        var config = dev.rsidiff.protocol.config.RunConfigs.apply(dev.rsidiff.protocol.config.RunConfigs.defaults(),
                LoopBenchCommand.NO_OP_MODEL);

        assertThat(config.getSampler()).isEqualTo("noop");
        assertThat(config.getScorers()).containsExactly("noop");
        assertThat(config.getVetoScorers()).isEmpty();
        assertThat(config.getScoreFloors()).isEmpty();
    }
}
