package dev.rsidiff.control.study;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The study's plots: one PNG per metric, the metric by round, one line per arm (XChart, headless). */
public final class StudyPlots {

    /** Plotted metrics: faithfulness per attribute, fidelity, the scorers' means and the collapse symptoms. */
    static final List<String> PLOTTED = List.of("faithfulness", "faithfulness.region", "faithfulness.shape",
            "faithfulness.colour", "faithfulness.size", "faithfulness.background", "fidelity.frechet_standardised",
            "fidelity.kid", "fidelity.frechet", "diversity",
            "collapse.spread", "collapse.tails", "collapse.spectrum_distance", "scorer.alignment", "scorer.aesthetic",
            "scorer.preference");

    private StudyPlots() {
    }

    /** Writes {@code <metric>.png} into {@code dir} for every plotted metric some arm has; returns the files. */
    public static List<Path> write(StudyReport report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (String metric : PLOTTED) {
            XYChart chart = new XYChartBuilder().width(640).height(400).title(metric).xAxisTitle("round")
                    .yAxisTitle(metric).build();
            chart.getStyler().setXAxisDecimalPattern("0");
            int series = 0;
            for (StudyReport.ArmResult arm : report.arms()) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Map.Entry<Integer, Map<String, StudyReport.Value>> e : arm.rounds().entrySet()) {
                    StudyReport.Value v = e.getValue().get(metric);
                    if (v != null && Double.isFinite(v.value())) {
                        x.add((double) e.getKey());
                        y.add(v.value());
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(arm.arm(), x, y).setMarker(SeriesMarkers.CIRCLE);
                    series++;
                }
            }
            if (series > 0) {
                Path file = dir.resolve(metric + ".png");
                BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
                out.add(file);
            }
        }
        return out;
    }
}
