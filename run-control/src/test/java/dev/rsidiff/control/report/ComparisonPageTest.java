package dev.rsidiff.control.report;

import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonPageTest {

    @Test
    void twoRunsShareTheChartsAndEachKeepsItsTable(@TempDir Path tmp) throws Exception {
        // given two runs of two rounds, the second better in round 1
        RunRecord a = run("run-a", 0.80, 0.81, 0);
        RunRecord b = run("run-b", 0.80, 0.86, 1);

        // when they are compared
        Path index = ComparisonPage.write(List.of(a, b), 100, tmp);

        // then the page has both runs' tables, with intervals and the best round, links to their reports, and the
        // charts
        String html = Files.readString(index);
        assertThat(html).contains("<h2>run-a (<a href=\"run-a/index.html\">its report</a>)</h2>")
                .contains("<h2>run-b (<a href=\"run-b/index.html\">its report</a>)</h2>")
                .contains("0.860 <small>[").contains("<td>1 (best)</td>");
        assertThat(html.indexOf("run-a")).isLessThan(html.indexOf("run-b"));
        assertThat(tmp.resolve("plots/faithfulness.png")).exists();
    }

    private static RunRecord run(String id, double base, double round1, int best) {
        Map<Integer, RunRecord.Round> rounds = new TreeMap<>();
        rounds.put(0, round(0, "ck-base", base));
        rounds.put(1, round(1, "ck-" + id, round1));
        return new RunRecord(id, RunConfigs.defaults(), rounds, best);
    }

    private static RunRecord.Round round(int n, String checkpoint, double faithfulness) {
        return new RunRecord.Round(n, new EvaluationReport(checkpoint, 100, 4, Map.of("faithfulness", faithfulness),
                null, null, 1.0), null, checkpoint, null, "note");
    }
}
