package dev.rsidiff.engine.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The procedural prompt corpus: mostly captions of random scenes at every specificity, mixed with the prompts a
 * filter must reject or demote (vague, contradictory, misspelled, unknown words, style noise, empty), like the
 * user-written prompt pools the paper filters. No prompt is written from a scene whose (shape, colour, background)
 * combination is held out for evaluation ({@link HeldOutSplit}).
 */
public final class PromptCorpus {

    private static final String[] STYLE_NOISE = {"trending on artstation", "8k", "masterpiece", "ultra detailed",
            "octane render", "best quality", "4k wallpaper", "award winning"};
    private static final String[] UNKNOWN = {"dragon", "castle", "spaceship", "forest", "cat", "robot", "sunset",
            "ocean", "mountain", "wizard"};

    private PromptCorpus() {
    }

    /** {@code count} prompts; {@code badShare} of them are bad ones, spread over the bad kinds. */
    public static List<CorpusPrompt> generate(long seed, int count, double badShare) {
        SceneSampler scenes = new SceneSampler(seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<CorpusPrompt> out = new ArrayList<>(count);
        PromptKind[] bad = {PromptKind.VAGUE, PromptKind.CONTRADICTORY, PromptKind.MISSPELLED,
                PromptKind.UNKNOWN_WORDS, PromptKind.STYLE_NOISE, PromptKind.EMPTY};
        for (int i = 0; i < count; i++) {
            Scene scene = scenes.next();
            while (HeldOutSplit.isHeldOut(scene)) {
                scene = scenes.next(); // held-out combinations are for evaluation only
            }
            if (random.nextDouble() >= badShare) {
                Specificity level = Specificity.values()[1 + random.nextInt(Specificity.values().length - 1)];
                out.add(new CorpusPrompt(Captioner.caption(scene, level, random), PromptKind.GOOD, Optional.of(scene)));
            } else {
                out.add(bad(bad[random.nextInt(bad.length)], scene, random));
            }
        }
        return out;
    }

    static CorpusPrompt bad(PromptKind kind, Scene scene, SplittableRandom random) {
        String detailed = Captioner.caption(scene, Specificity.DETAILED, random);
        return switch (kind) {
            case VAGUE -> new CorpusPrompt(Captioner.caption(scene, Specificity.VAGUE, random), kind, Optional.empty());
            case CONTRADICTORY -> new CorpusPrompt(contradict(scene, random), kind, Optional.empty());
            case MISSPELLED -> new CorpusPrompt(misspell(detailed, random), kind, Optional.of(scene));
            case UNKNOWN_WORDS -> new CorpusPrompt(detailed.replace(scene.primary().shape().word(),
                    UNKNOWN[random.nextInt(UNKNOWN.length)]), kind, Optional.empty());
            case STYLE_NOISE -> new CorpusPrompt(detailed + ", " + STYLE_NOISE[random.nextInt(STYLE_NOISE.length)]
                    + ", " + STYLE_NOISE[random.nextInt(STYLE_NOISE.length)], kind, Optional.of(scene));
            case EMPTY -> new CorpusPrompt(random.nextBoolean() ? "" : "   ", kind, Optional.empty());
            case GOOD -> throw new IllegalArgumentException("GOOD is not a bad kind");
        };
    }

    private static String contradict(Scene scene, SplittableRandom random) {
        SceneObject o = scene.primary();
        return switch (random.nextInt(3)) {
            case 0 -> {
                Colour other = Colour.values()[(o.colour().ordinal() + 1 + random.nextInt(Colour.values().length - 1))
                        % Colour.values().length];
                yield Captioner.withArticle(o.colour().word() + " " + other.word() + " " + o.shape().word());
            }
            case 1 -> {
                ShapeKind other = ShapeKind.values()[(o.shape().ordinal() + 1 + random.nextInt(ShapeKind.values().length - 1))
                        % ShapeKind.values().length];
                yield Captioner.withArticle(o.colour().word() + " " + o.shape().word() + " " + other.word());
            }
            default -> Captioner.withArticle("small large " + o.colour().word() + " " + o.shape().word());
        };
    }

    /** Swaps two adjacent letters in one or two of the longer words. */
    private static String misspell(String text, SplittableRandom random) {
        String[] words = text.split(" ");
        boolean[] touched = new boolean[words.length];
        int changed = 0;
        // At least one change (a misspelled prompt must differ from the caption), at most two.
        for (int attempt = 0; attempt < 200 && (changed == 0 || (changed < 2 && attempt < 20)); attempt++) {
            int w = random.nextInt(words.length);
            String word = words[w];
            // A word is changed at most once: a second swap could undo the first.
            if (word.length() >= 4 && !touched[w]) {
                int i = 1 + random.nextInt(word.length() - 2);
                char[] c = word.toCharArray();
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                String swapped = new String(c);
                if (!swapped.equals(word)) {
                    words[w] = swapped;
                    touched[w] = true;
                    changed++;
                }
            }
        }
        return String.join(" ", words);
    }
}
