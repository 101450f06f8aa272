package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.sample.SampleResult;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** A grid of samples, one row per prompt with the prompt written beside it, scaled up for people to look at. */
public final class ContactSheet {

    private static final int SCALE = 3;
    private static final int LABEL_WIDTH = 430;
    private static final int GAP = 4;

    private ContactSheet() {
    }

    /** @param result samples ordered prompt by prompt, {@code perPrompt} each */
    public static BufferedImage render(List<String> prompts, SampleResult result, int perPrompt) {
        int cell = result.imageSize() * SCALE;
        int width = LABEL_WIDTH + perPrompt * (cell + GAP) + GAP;
        int height = prompts.size() * (cell + GAP) + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(235, 235, 235));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int row = 0; row < prompts.size(); row++) {
                int y = GAP + row * (cell + GAP);
                g.setColor(Color.BLACK);
                g.drawString(prompts.get(row), 6, y + cell / 2 + 4);
                for (int col = 0; col < perPrompt; col++) {
                    g.drawImage(result.image(row * perPrompt + col), LABEL_WIDTH + GAP + col * (cell + GAP), y, cell, cell, null);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
