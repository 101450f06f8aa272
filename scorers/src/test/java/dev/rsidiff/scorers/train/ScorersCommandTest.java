package dev.rsidiff.scorers.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rsi scorers}: settings are refused, naming the offending value, before any data is drawn or trained. */
class ScorersCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train alignment --soft-share 1.5            | --soft-share 1.5",
            "train alignment --full-share -0.1           | --full-share -0.1",
            "train alignment --lookalike-share 2         | --lookalike-share 2.0",
            "train aesthetic --captions                  | --captions",
            "train alignment --captions --hard-negatives 0.5 | --hard-negatives 0.5",
            "validate alignment --weights /no/such.weights   | /no/such.weights",
            "validate clip                               | clip",
            "train clip                                  | clip"})
    void badSettingsAreUsageErrorsNamingTheValue(String args, String named) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ScorersCommand()).setErr(new PrintWriter(err));

        int exit = cli.execute(args.trim().split("\\s+"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(named.trim());
    }
}
