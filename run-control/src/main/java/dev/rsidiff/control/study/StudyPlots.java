package dev.rsidiff.control.study;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The study's and the run report's plots: one PNG per metric, the metric by round, one line per arm or run (XChart, headless). */
public final class StudyPlots {

    /** Plotted metrics: faithfulness per attribute, fidelity, the scorers' means and the collapse symptoms. */
    public static final List<String> PLOTTED = List.of("faithfulness", "faithfulness.region", "faithfulness.shape",
            "faithfulness.colour", "faithfulness.size", "faithfulness.background", "fidelity.frechet_standardised",
            "fidelity.kid", "fidelity.frechet", "diversity",
            "collapse.spread", "collapse.tails", "collapse.spectrum_distance", "scorer.alignment", "scorer.aesthetic",
            "scorer.preference");

    private StudyPlots() {
    }

    /** Writes {@code <metric>.png} into {@code dir} for every plotted metric some arm has; returns the files. */
    public static List<Path> write(StudyReport report, Path dir) throws IOException {
        Map<String, Map<Integer, Map<String, Double>>> series = new LinkedHashMap<>();
        for (StudyReport.ArmResult arm : report.arms()) {
            Map<Integer, Map<String, Double>> rounds = new TreeMap<>();
            arm.rounds().forEach((round, values) -> {
                Map<String, Double> metrics = new LinkedHashMap<>();
                values.forEach((name, v) -> metrics.put(name, v.value()));
                rounds.put(round, metrics);
            });
            series.put(arm.arm(), rounds);
        }
        return write(series, dir);
    }

    /**
     * Writes {@code <metric>.png} into {@code dir} for every plotted metric some series has, one line per series
     * (an arm of a study, or a run); returns the files.
     *
     * @param series series name to round to metric values
     */
    public static List<Path> write(Map<String, Map<Integer, Map<String, Double>>> series, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (String metric : PLOTTED) {
            XYChart chart = new XYChartBuilder().width(640).height(400).title(metric).xAxisTitle("round")
                    .yAxisTitle(metric).build();
            chart.getStyler().setXAxisDecimalPattern("0");
            int drawn = 0;
            for (Map.Entry<String, Map<Integer, Map<String, Double>>> s : series.entrySet()) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Map.Entry<Integer, Map<String, Double>> e : s.getValue().entrySet()) {
                    Double v = e.getValue().get(metric);
                    if (v != null && Double.isFinite(v)) {
                        x.add((double) e.getKey());
                        y.add(v);
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(s.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
                    drawn++;
                }
            }
            if (drawn > 0) {
                Path file = dir.resolve(metric + ".png");
                BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
                out.add(file);
            }
        }
        return out;
    }
}
