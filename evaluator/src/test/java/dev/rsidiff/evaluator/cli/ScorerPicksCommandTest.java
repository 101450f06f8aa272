package dev.rsidiff.evaluator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
                .contains("best-of-2 picks");
        assertThat(Files.exists(dir.resolve("picks.json"))).isTrue();
    }

    @Test
    void anUnknownScheduleIsRefusedNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ScorerPicksCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--schedule", "SLOW_DECAY");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("SLOW_DECAY");
    }

    @Test
    void aCombinedPickerNamingNoScorerIsRefusedBeforeAnySampling() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ScorerPicksCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--combine", "alignment+beauty");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("beauty").contains("not a scorer");
    }

    @Test
    void aNegativeGuidanceIsRefusedNamingTheValue() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ScorerPicksCommand()).setErr(new PrintWriter(err));

        int status = cli.execute("--guidance", "-1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("guidanceScale").contains("-1");
    }
}
