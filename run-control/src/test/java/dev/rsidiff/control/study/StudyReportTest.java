package dev.rsidiff.control.study;

import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.protocol.weights.WeightDistribution;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StudyReportTest {

    /** An evaluation on 300 prompts x 1 image with the given faithfulness, region, shape and Frechet. */
    private static EvaluationReport eval(double faith, double region, double shape, double frechet) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("faithfulness", faith);
        m.put("faithfulness.region", region);
        m.put("faithfulness.shape", shape);
        m.put("fidelity.frechet", frechet);
        return new EvaluationReport("ck", 300, 1, m, "c", Map.of(), 1);
    }

    private static ArmOutcome arm(StudyArm arm, EvaluationReport... rounds) {
        Map<Integer, EvaluationReport> e = new LinkedHashMap<>();
        Map<Integer, String> c = new LinkedHashMap<>();
        for (int i = 0; i < rounds.length; i++) {
            e.put(i, rounds[i]);
            c.put(i, "ck-" + arm.label() + "-" + i);
        }
        Map<Integer, WeightDistribution> w = new LinkedHashMap<>();
        for (int i = 1; i < rounds.length; i++) {
            w.put(i, WeightDistribution.of(new double[]{1, 1, 0.5}));
        }
        return new ArmOutcome(arm, "run-" + arm.label(), e, c, Map.of(), w);
    }

    private final EvaluationReport base = eval(0.80, 0.50, 0.60, 700);

    @Test
    void accuraciesCarryWilsonIntervalsOverPromptsTimesImages() {
        StudyReport.Value v = StudyReport.values(eval(0.80, 0.55, 0.53, 700), 100).get("faithfulness.region");
        assertThat(v.value()).isEqualTo(0.55);
        // 165 of 300: Wilson 95% is about [0.493, 0.605]
        assertThat(v.low()).isCloseTo(0.493, within(0.002));
        assertThat(v.high()).isCloseTo(0.605, within(0.002));
        assertThat(StudyReport.values(base, 100).get("fidelity.frechet").hasInterval()).isFalse();
    }

    @Test
    void targetsAreJudgedFromTheFiguresWhetherMetOrNot() {
        ArmOutcome full = arm(StudyArm.FULL, base, eval(0.82, 0.6, 0.53, 720), eval(0.84, 0.65, 0.53, 730),
                eval(0.85, 0.68, 0.54, 760), eval(0.87, 0.72, 0.55, 800), eval(0.86, 0.70, 0.55, 1200));
        ArmOutcome none = arm(StudyArm.NO_STRATEGY, base, eval(0.79, 0.5, 0.5, 900), eval(0.78, 0.5, 0.5, 900),
                eval(0.77, 0.5, 0.5, 900), eval(0.76, 0.5, 0.5, 900), eval(0.75, 0.5, 0.5, 900));
        ArmOutcome noDrop = arm(StudyArm.NO_CONDITION_DROP, base, eval(0.82, 0.6, 0.53, 720), eval(0.84, 0.65, 0.53, 730),
                eval(0.85, 0.68, 0.54, 760), eval(0.88, 0.72, 0.55, 800), eval(0.86, 0.70, 0.55, 800));
        StudyReport report = StudyReport.of(StudyProfile.standard(), List.of(full, none, noDrop), 6, 100);

        assertThat(report.arms().get(0).bestRound()).isEqualTo(4);
        assertThat(report.arms().get(0).reusability()).isCloseTo(1200 - 720, within(1e-9));
        Map<String, Boolean> met = new LinkedHashMap<>();
        report.targets().forEach(t -> met.put(t.name(), t.met()));
        assertThat(met).containsEntry("RSIDiff beats G0 in every round up to its best, and the best round is 4 or later", true)
                .containsEntry("+0.15 on region (most headroom) at the best round", true)
                .containsEntry("+0.05 on mean faithfulness at the best round", true)
                .containsEntry("Fidelity within 1.5x of G0's in every round", false)
                .containsEntry("The no-strategy arm ends below G0", true)
                .containsEntry("Removing condition drop is below RSIDiff at its best round", false);
        assertThat(report.targets()).filteredOn(t -> t.name().startsWith("Removing"))
                .singleElement().satisfies(t -> assertThat(t.evidence()).contains("intervals overlap"));
    }

    @Test
    void theBestRoundIsChosenOnValidationNotOnTheHeldOutFigures() {
        EvaluationReport r1 = withValidation(eval(0.90, 0.6, 0.6, 700), 0.81);
        EvaluationReport r2 = withValidation(eval(0.85, 0.6, 0.6, 700), 0.84);
        ArmOutcome full = arm(StudyArm.FULL, withValidation(base, 0.80), r1, r2);
        assertThat(StudyReport.bestRound(full)).as("round 2 validates best, round 1 only looks best held-out").isEqualTo(2);
        assertThat(StudyReport.bestRound(arm(StudyArm.FULL, base, eval(0.9, 0.6, 0.6, 700), eval(0.85, 0.6, 0.6, 700))))
                .as("without validation figures: held-out").isEqualTo(1);
    }

    private static EvaluationReport withValidation(EvaluationReport r, double faithfulness) {
        return r.withValidation(new EvaluationReport(r.checkpointId(), 100, 1, Map.of("faithfulness", faithfulness), "c",
                Map.of(), 1));
    }

    @Test
    void writesMarkdownJsonAndPlots(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ArmOutcome full = arm(StudyArm.FULL, base, eval(0.82, 0.6, 0.53, 720));
        ArmOutcome none = arm(StudyArm.NO_STRATEGY, base, eval(0.78, 0.5, 0.5, 900));
        StudyReport report = StudyReport.of(StudyProfile.quick(), List.of(full, none), 6, 61);

        String md = report.toMarkdown();
        assertThat(md).contains("| full | 0.800 [0.751, 0.841] | 1 |").contains("## no-strategy")
                .contains("| 1 | 3 | 0.500 | 0.500 | 1.000 | 0.833 | 33% |")
                .contains("Wall time: 1 min 01 s");
        assertThat(new String(dev.rsidiff.protocol.Manifests.toJson(report))).contains("\"bestRound\"");
        List<Path> plots = StudyPlots.write(report, dir);
        assertThat(plots).extracting(p -> p.getFileName().toString())
                .contains("faithfulness.png", "faithfulness.region.png", "fidelity.frechet.png");
        assertThat(javax.imageio.ImageIO.read(Files.newInputStream(plots.get(0))).getWidth()).isEqualTo(StudyPlots.WIDTH);
    }

    @Test
    void theLegendNamesEachArmOnceAndNotItsIntervalsOrBestRound() {
        ArmOutcome full = arm(StudyArm.FULL, base, eval(0.82, 0.6, 0.53, 720));
        ArmOutcome none = arm(StudyArm.NO_STRATEGY, base, eval(0.78, 0.5, 0.5, 900));
        StudyReport report = StudyReport.of(StudyProfile.quick(), List.of(full, none), 6, 61);
        Map<String, StudyPlots.Series> series = new LinkedHashMap<>();
        report.arms().forEach(a -> series.put(a.arm(), new StudyPlots.Series(a.rounds(), a.bestRound())));

        XYChart chart = StudyPlots.chart("faithfulness", series);

        assertThat(chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .map(XYSeries::getName)).containsExactly("full", "no-strategy");
        assertThat(chart.getSeriesMap()).containsKeys("full 95% interval", "full best round");
    }
}
