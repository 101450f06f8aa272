package dev.rsidiff.evaluator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ScorerPicksCommandTest {

    @Test
    void picksAreDrawnWithTheGuidanceScheduleAsked(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ScorerPicksCommand()).setOut(new PrintWriter(out));

        int status = cli.execute("--prompts", "2", "--samples", "2", "--schedule", "STRONG_EARLY", "--alpha", "1.1",
                "--guidance", "4", "--out", dir.resolve("picks.json").toString());

        assertThat(status).isZero();
        assertThat(out.toString()).contains("sampling: 20 steps, guidance 4.00 STRONG_EARLY (alpha 1.10)")
                .contains("best-of-2 picks").contains("shape, by the shape the prompt names:");
        assertThat(Files.exists(dir.resolve("picks.json"))).isTrue();
    }

    /** Each: the arguments, then what the usage error must name. Refused before any checkpoint is read or sampled. */
    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("--schedule", "SLOW_DECAY"), List.of("SLOW_DECAY")),
                Arguments.of(List.of("--combine", "alignment+beauty"), List.of("beauty", "not a scorer")),
                Arguments.of(List.of("--guidance", "-1"), List.of("guidanceScale", "-1")));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadOptionIsAUsageErrorNamingIt(List<String> args, List<String> named) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ScorerPicksCommand()).setErr(new PrintWriter(err));

        int status = cli.execute(args.toArray(String[]::new));

        assertThat(status).isEqualTo(2);
        named.forEach(fragment -> assertThat(err.toString()).contains(fragment));
    }
}
