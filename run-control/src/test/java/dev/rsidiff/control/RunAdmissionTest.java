package dev.rsidiff.control;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the services would refuse in the middle of a run are refused before anything is started. */
class RunAdmissionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "scorers=alignment,aesthetic,nope | unknown scorer 'nope'; known: alignment@",
            "scorers=aesthetic,alignment@0000deadbeef | scorer 'alignment' version 0000deadbeef is not available",
            "samplingSteps=1001               | samplingSteps must be <= 1000, got 1001",
            "imagesPerPrompt=2000000          | promptsPerRound x imagesPerPrompt must be <= 1000000, got 64 x 2000000",
            "topk=3                           | Unknown run setting 'topk'"})
    void theCommandLineRefusesABadSettingByNameWithExitCode2AndNoStackTrace(String setting, String message) {
        StringWriter err = new StringWriter();
        CommandLine cli = RunControlCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int code = cli.execute("demo", "--set", setting.trim());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Refused: ").contains(message.trim()).doesNotContain("\tat ");
    }

    @Test
    void aStudyRefusesTheReviewGateBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        CommandLine cli = RunControlCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int code = cli.execute("study", "--quick", "--set", "review=true");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Refused: ").contains("review=true: rsi study runs its arms unattended")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingConfigurationFileIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine cli = RunControlCommand.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("demo", "--config", "no-such-run.properties");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-run.properties").doesNotContain("\tat ");
    }

    @Test
    void aBaseCheckpointMustHaveBeenPublished() {
        RunConfig config = RunConfigs.apply(RunConfigs.defaults(), Map.of("baseCheckpointId", "ck-0123456789abcdef"));

        assertThatThrownBy(() -> RunAdmission.admit(config, Set.of("ck-fedcba9876543210")))
                .isInstanceOf(InvalidRunConfigException.class)
                .hasMessageContaining("baseCheckpointId ck-0123456789abcdef has not been published")
                .hasMessageContaining("ck-fedcba9876543210").hasMessageContaining(BaseModel.ID);
        assertThat(RunAdmission.admit(config, Set.of("ck-0123456789abcdef"))).isSameAs(config);
        assertThat(RunAdmission.admit(RunConfigs.defaults(), Set.of())).as("the base model is always there").isNotNull();
    }
}
