package dev.rsidiff.engine.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.text.Tokenizer;
import dev.rsidiff.engine.world.Images;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text-to-image generation from a checkpoint to a folder: n images per prompt, PNG files plus {@code manifest.jsonl}
 * (one line per image: file, prompt, seed, checkpoint id, sampler settings). Image j of prompt i gets seed
 * {@code seed + i * n + j}, so any single image can be regenerated from its manifest line.
 */
public final class Generation {

    /** The name of the manifest written beside the images. */
    public static final String MANIFEST = "manifest.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One generated image.
     *
     * @param file         the PNG's name inside the output folder
     * @param prompt       its prompt
     * @param seed         the seed of its initial noise
     * @param checkpointId the checkpoint that generated it
     */
    public record GeneratedImage(String file, String prompt, long seed, String checkpointId) {
    }

    /** What a generation wrote. */
    public record Result(Path folder, List<GeneratedImage> images, double imagesPerSecond) {
    }

    private Generation() {
    }

    /**
     * Refuses prompts the model cannot read before any work starts: empty ones, and words outside the model's
     * vocabulary (they would silently become UNK), named with the prompt they are in.
     */
    public static void checkPrompts(Tokenizer tokenizer, List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("No prompt given");
        }
        for (String prompt : prompts) {
            if (Tokenizer.words(prompt).isEmpty()) {
                throw new IllegalArgumentException("Prompt '" + prompt + "' has no words");
            }
            List<String> unknown = tokenizer.unknownWords(prompt);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("Prompt '" + prompt + "' has words the model does not know: "
                        + String.join(", ", unknown));
            }
        }
    }

    public static Result run(Checkpoint checkpoint, List<String> prompts, int imagesPerPrompt, long seed,
                             SamplerSettings settings, Path out) throws IOException {
        if (imagesPerPrompt < 1) {
            throw new IllegalArgumentException("images per prompt must be >= 1, got " + imagesPerPrompt);
        }
        try (DiffusionModel model = checkpoint.toModel()) {
            checkPrompts(model.textEncoder().tokenizer(), prompts);
            List<String> all = new ArrayList<>();
            long[] seeds = new long[prompts.size() * imagesPerPrompt];
            for (int i = 0; i < prompts.size(); i++) {
                for (int j = 0; j < imagesPerPrompt; j++) {
                    all.add(prompts.get(i));
                    seeds[i * imagesPerPrompt + j] = seed + (long) i * imagesPerPrompt + j;
                }
            }
            Files.createDirectories(out);
            SampleResult result = new DdimSampler(model).sample(all, seeds, settings);
            List<GeneratedImage> images = new ArrayList<>();
            String id = checkpoint.header().id();
            try (Writer manifest = Files.newBufferedWriter(out.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                for (int k = 0; k < all.size(); k++) {
                    String file = String.format("p%03d-i%02d.png", k / imagesPerPrompt, k % imagesPerPrompt);
                    Files.write(out.resolve(file), Images.png(result.image(k)));
                    GeneratedImage image = new GeneratedImage(file, all.get(k), seeds[k], id);
                    images.add(image);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("file", file);
                    line.put("prompt", image.prompt());
                    line.put("seed", image.seed());
                    line.put("checkpointId", id);
                    line.put("steps", settings.steps());
                    line.put("guidanceScale", settings.guidanceScale());
                    line.put("guidanceSchedule", settings.schedule().name());
                    line.put("guidanceAlpha", settings.guidanceAlpha());
                    manifest.write(JSON.writeValueAsString(line));
                    manifest.write('\n');
                }
            }
            return new Result(out, List.copyOf(images), result.imagesPerSecond());
        }
    }
}
