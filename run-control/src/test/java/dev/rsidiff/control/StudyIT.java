package dev.rsidiff.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.control.study.StudyArm;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rsi study} end to end with tiny settings: two arms of two rounds, run at once on one stack and one set of
 * services, then the report, plots and grids.
 */
class StudyIT {

    @Test
    void twoArmsOfTwoRoundsRunSideBySideAndAreReported(@TempDir Path tmp) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("promptsPerRound", "6");
        settings.put("imagesPerPrompt", "2");
        settings.put("topK", "5");
        settings.put("epochs", "2");
        settings.put("batchSize", "8");
        settings.put("samplingSteps", "10");
        settings.put("minSteps", "40"); // as LoopFixture: the study's mechanics, not its gains
        settings.put("scoreFloors", ""); // no aesthetic floor: exact event counts (see LoopFixture)
        StringWriter console = new StringWriter();
        picocli.CommandLine cmd = RunControlCommand.commandLine();
        cmd.setOut(new PrintWriter(console, true));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("study", "--arms", "full,no-strategy",
                "--rounds", "2", "--eval-prompts", "8", "--eval-images", "1", "--validation-prompts", "8", "--grid-prompts", "2",
                "--service-env", "RSIDIFF_PROMPTS_CORPUS_SIZE=400", "--service-env", "RSIDIFF_PROMPTS_POOL_SIZE=64",
                "--service-env", "RSIDIFF_PROMPTS_CLUSTERS=8", "--out", tmp.toString(), "--root", "..",
                "--timeout", "PT6M"));
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });

        int exit = cmd.execute(args.toArray(String[]::new));

        assertThat(exit).as(console.toString()).isZero();
        assertThat(console.toString()).contains("## Targets").contains("Study wall time");
        assertThat(tmp.resolve("report.md")).exists();
        assertThat(tmp.resolve("plots").resolve("faithfulness.region.png")).exists();
        assertThat(tmp.resolve("grid-full.png")).exists();
        assertThat(tmp.resolve("grid-no-strategy.png")).exists();
        assertThat(tmp.resolve("runs/full/index.html")).content().contains("<h2>Lineage</h2>");
        assertThat(tmp.resolve("runs/no-strategy/plots/faithfulness.png")).exists();

        JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        assertThat(report.get("arms")).hasSize(2);
        assertThat(report.get("arms").get(0).get("rounds").get("1").has("validation.faithfulness"))
                .as("every evaluation also measures the validation prompts").isTrue();
        Set<String> runs = new HashSet<>();
        Set<String> roundCheckpoints = new HashSet<>();
        settings.put("rounds", "2");
        RunConfig config = RunConfigs.apply(RunConfigs.defaults(), settings);
        Map<String, Integer> clean = LoopChecks.cleanRunEvents(config);
        for (JsonNode arm : report.get("arms")) {
            runs.add(arm.get("runId").asText());
            assertThat(arm.get("rounds").size()).as("base and two rounds").isEqualTo(3);
            roundCheckpoints.add(arm.get("checkpoints").get("1").asText());
            roundCheckpoints.add(arm.get("checkpoints").get("2").asText());
            Map<String, Integer> events = new LinkedHashMap<>();
            arm.get("eventsPerTopic").fields().forEachRemaining(e -> events.put(e.getKey(), e.getValue().asInt()));
            assertThat(events).as("events of %s", arm.get("arm").asText()).containsExactlyInAnyOrderEntriesOf(clean);
        }
        assertThat(runs).as("one run per arm").hasSize(2);
        assertThat(report.get("arms").get(0).get("weights").get("1").get("count").asInt()).as("round 1's weights")
                .isEqualTo(5);
        assertThat(roundCheckpoints).as("the arms' rounds trained apart").hasSize(4);
        assertThat(StudyArm.fromLabel(report.get("arms").get(1).get("arm").asText())).isEqualTo(StudyArm.NO_STRATEGY);

        // and each arm trained on what its recipe says: round 2 of the full arm on both rounds' kept samples
        // (accumulated), round 2 of the no-strategy arm on its own round's alone (the paper's naive self-training)
        assertThat(trainedOn(tmp, report.get("arms").get(0), 2)).as("full arm, round 2")
                .isEqualTo(keptIn(report.get("arms").get(0), 1) + keptIn(report.get("arms").get(0), 2));
        assertThat(trainedOn(tmp, report.get("arms").get(1), 2)).as("no-strategy arm, round 2")
                .isEqualTo(keptIn(report.get("arms").get(1), 2));
    }

    private static int keptIn(JsonNode arm, int round) {
        return arm.get("weights").get(String.valueOf(round)).get("count").asInt();
    }

    /**
     * The samples a round's checkpoint was trained on, from its training note in the checkpoint's index entry. The
     * study's stack is stopped by now; its S3 server (S3Proxy's file system store) left each object as a file.
     */
    private static int trainedOn(Path out, JsonNode arm, int round) throws java.io.IOException {
        String checkpoint = arm.get("checkpoints").get(String.valueOf(round)).asText();
        Path index = out.resolve("stack/s3/objects/rsidiff/checkpoints/by-id").resolve(checkpoint + ".json");
        ObjectMapper json = new ObjectMapper();
        return json.readTree(json.readTree(index.toFile()).get("note").asText()).get("samples").asInt();
    }
}
