package dev.rsidiff.control.study;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.evaluator.HeldOutPrompts;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A grid of fixed held-out prompts (rows) by rounds (columns) for one arm: every round's checkpoint draws each
 * prompt from the same seed with the evaluator's sampler settings, so a column differs from the next only by what
 * that round's fine-tuning changed.
 */
public final class StudyGrid {

    private static final int SCALE = 3;
    private static final int LABEL_WIDTH = 360;
    private static final int HEADER = 18;
    private static final int GAP = 4;
    static final long SEED = 4242;

    private StudyGrid() {
    }

    /**
     * A sampled grid.
     *
     * @param prompts     the rows' held-out prompts
     * @param seeds       each row's seed, the same in every column
     * @param rounds      the columns' rounds
     * @param checkpoints each column's checkpoint
     * @param columns     each column's images, one per row
     * @param settings    the sampler settings every image was drawn with
     */
    public record Grid(List<String> prompts, long[] seeds, List<Integer> rounds, List<String> checkpoints,
                       List<SampleResult> columns, SamplerSettings settings) {

        /** The image of row {@code row} in column {@code column}. */
        public BufferedImage image(int column, int row) {
            return columns.get(column).image(row);
        }
    }

    /** Samples the grid: {@code prompts} held-out prompts, each from its fixed seed, by every given round's checkpoint. */
    public static Grid sample(CheckpointStore checkpoints, Map<Integer, String> checkpointPerRound, int prompts) {
        List<String> rows = HeldOutPrompts.prompts(prompts);
        long[] seeds = new long[rows.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = SEED + i;
        }
        List<Integer> rounds = new ArrayList<>(checkpointPerRound.keySet());
        List<String> ids = new ArrayList<>();
        List<SampleResult> columns = new ArrayList<>();
        SamplerSettings settings = SamplerSettings.defaults();
        for (int round : rounds) {
            ids.add(checkpointPerRound.get(round));
            try (DiffusionModel model = checkpoints.load(checkpointPerRound.get(round)).toModel()) {
                columns.add(new DdimSampler(model).sample(rows, seeds, settings));
            }
        }
        return new Grid(rows, seeds, rounds, ids, columns, settings);
    }

    /** Samples the grid and writes it as a PNG to {@code file}. */
    public static void write(CheckpointStore checkpoints, Map<Integer, String> checkpointPerRound, int prompts,
                             Path file) throws java.io.IOException {
        write(sample(checkpoints, checkpointPerRound, prompts), file);
    }

    /** Writes {@code grid} as one PNG to {@code file}: prompts labelled, rounds as columns. */
    public static void write(Grid grid, Path file) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Images.png(render(grid.prompts(), grid.rounds(), grid.columns())));
    }

    static BufferedImage render(List<String> rows, List<Integer> rounds, List<SampleResult> columns) {
        int cell = columns.get(0).imageSize() * SCALE;
        int width = LABEL_WIDTH + rounds.size() * (cell + GAP) + GAP;
        int height = HEADER + rows.size() * (cell + GAP) + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(235, 235, 235));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            for (int c = 0; c < rounds.size(); c++) {
                g.drawString(rounds.get(c) == 0 ? "base" : "round " + rounds.get(c), LABEL_WIDTH + GAP + c * (cell + GAP), 13);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y = HEADER + GAP + r * (cell + GAP);
                g.drawString(rows.get(r), 6, y + cell / 2 + 4);
                for (int c = 0; c < rounds.size(); c++) {
                    g.drawImage(columns.get(c).image(r), LABEL_WIDTH + GAP + c * (cell + GAP), y, cell, cell, null);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
