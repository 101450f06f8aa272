package dev.rsidiff.bench.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    @Test
    void aRepeatBelowOneIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        for (String[] args : new String[][]{{"--repeat", "0"}, {"--repeat", "-1", "--rounds", "3"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--data-dir", dir.resolve("new").toString())).toArray(String[]::new);

            int status = new CommandLine(new LoopBenchCommand()).setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err)).execute(all);

            assertThat(status).as("%s", String.join(" ", args)).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).contains("--repeat");
            assertThat(dir.resolve("new")).doesNotExist();
        }
    }

    @Test
    void aRunSettingTheRoundCannotHoldIsAUsageErrorNamingIt(@TempDir Path dir) {
        StringWriter err = new StringWriter();

        int status = new CommandLine(new LoopBenchCommand()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute("--prompts", "8", "--images", "2", "--data-dir",
                        dir.resolve("new").toString());

        assertThat(status).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("topK 64").doesNotContain("\tat ");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void theSummaryGivesEachFigureItsMeanIntervalAndRunsAndSkipsWhatTheModeDoesNotMeasure() {
        // Given three comparisons with the model (no overhead figure), serial 50 s each, services 60, 55 and 65 s
        List<LoopBenchCommand.Comparison> runs = List.of(
                new LoopBenchCommand.Comparison(50, 60, 40, Double.NaN, 12, 90, new RoundCpu(70, 100, 2)),
                new LoopBenchCommand.Comparison(50, 55, 30, Double.NaN, 13, 95, new RoundCpu(75, 105, 2)),
                new LoopBenchCommand.Comparison(50, 65, 35, Double.NaN, 14, 100, new RoundCpu(80, 110, 2)));

        // When summarised
        List<String> lines = LoopBenchCommand.summary(runs);

        // Then the ratio's mean is 1.20 with a t-interval around it (sd 0.1, t 4.3027: +-0.25), and no overhead line
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("pipeline / serial").contains("1.20 [0.95, 1.45]")
                .contains("(1.20, 1.10, 1.30)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("generator in the loop").contains("35 [23, 47]"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("overhead"));
        // and 100-110 CPU seconds on 2 cores take at least 50-55 s, 1.00-1.10 of the serial 50 s
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("lowest pipeline / serial")
                .contains("(1.00, 1.05, 1.10)"));
    }

    @Test
    void runsOfSeveralRoundsAreSummarisedPerRoundAndOverTheWarmRounds() {
        // Given two runs of three rounds, a cold first round and two warm ones each
        List<PipelineRound.RoundsResult> runs = List.of(rounds(5.0, 2.0, 1.0), rounds(5.0, 3.0, 2.0));

        // When summarised
        List<String> lines = LoopBenchCommand.roundsSummary(runs, 1);

        // Then each round has its mean and runs, and the warm rounds 2-3 each run's mean: 1.5 and 2.5, mean 2.00
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("round 1").contains("(5.00, 5.00)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("round 2").contains("2.50").contains("(2.00, 3.00)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("warm rounds 2-3").contains("2.00 [")
                .contains("(1.50, 2.50)"));
    }

    private static PipelineRound.RoundsResult rounds(double... millisPerImage) {
        List<java.time.Duration> perImage = java.util.Arrays.stream(millisPerImage)
                .mapToObj(ms -> java.time.Duration.ofNanos(Math.round(ms * 1e6))).toList();
        return new PipelineRound.RoundsResult(perImage, perImage, java.util.Map.of());
    }
}
