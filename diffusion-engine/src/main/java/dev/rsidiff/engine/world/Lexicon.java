package dev.rsidiff.engine.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every word the shapes world's captions use; the text encoder's vocabulary is built from it. */
public final class Lexicon {

    private Lexicon() {
    }

    public static List<String> words() {
        Set<String> words = new LinkedHashSet<>(List.of("a", "an", "the", "on", "in", "at", "and", "background",
                "shape", "object", "picture", "something", "small", "large", "top", "bottom", "left", "right", "center"));
        for (ShapeKind s : ShapeKind.values()) {
            words.add(s.word());
        }
        for (Colour c : Colour.values()) {
            words.add(c.word());
        }
        return new ArrayList<>(words);
    }
}
