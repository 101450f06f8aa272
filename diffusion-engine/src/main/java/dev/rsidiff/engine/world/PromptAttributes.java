package dev.rsidiff.engine.world;

import dev.rsidiff.engine.text.Tokenizer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a prompt of the shapes world asks for, read back from its words: the main object's shape, colour, size and
 * region, and the background colour. Words after "and" describe a second object and are not attributes of the main
 * one. A prompt that names two values of one attribute is contradictory.
 *
 * @param shape          the main object's shape, if named
 * @param colour         its colour, if named
 * @param size           its size, if named
 * @param region         its region, if named
 * @param background     the background colour, if named
 * @param contradictions attributes named with more than one value ("colour: red, blue")
 */
public record PromptAttributes(Optional<ShapeKind> shape, Optional<Colour> colour, Optional<SizeClass> size,
                               Optional<Region> region, Optional<Colour> background, List<String> contradictions) {

    /** The attributes a judge can check, by name. */
    public enum Attribute { SHAPE, COLOUR, SIZE, REGION, BACKGROUND }

    public static PromptAttributes parse(String prompt) {
        List<String> words = Tokenizer.words(prompt);
        int and = words.indexOf("and");
        List<String> main = and < 0 ? words : words.subList(0, and);
        List<String> contradictions = new ArrayList<>();
        List<ShapeKind> shapes = new ArrayList<>();
        List<Colour> colours = new ArrayList<>();
        List<Colour> backgrounds = new ArrayList<>();
        List<SizeClass> sizes = new ArrayList<>();
        for (int i = 0; i < main.size(); i++) {
            String w = main.get(i);
            for (ShapeKind s : ShapeKind.values()) {
                if (s.word().equals(w)) {
                    shapes.add(s);
                }
            }
            for (SizeClass s : SizeClass.values()) {
                if (s.word().equals(w)) {
                    sizes.add(s);
                }
            }
            for (Colour c : Colour.values()) {
                if (c.word().equals(w)) {
                    boolean isBackground = i + 1 < main.size() && main.get(i + 1).equals("background");
                    (isBackground ? backgrounds : colours).add(c);
                }
            }
        }
        Optional<Region> region = region(main, contradictions);
        note(contradictions, "shape", shapes);
        note(contradictions, "colour", colours);
        note(contradictions, "size", sizes);
        note(contradictions, "background", backgrounds);
        return new PromptAttributes(first(shapes), first(colours), first(sizes), region, first(backgrounds),
                List.copyOf(contradictions));
    }

    /** The named attributes with their values. */
    public Map<Attribute, Object> named() {
        Map<Attribute, Object> out = new EnumMap<>(Attribute.class);
        shape.ifPresent(v -> out.put(Attribute.SHAPE, v));
        colour.ifPresent(v -> out.put(Attribute.COLOUR, v));
        size.ifPresent(v -> out.put(Attribute.SIZE, v));
        region.ifPresent(v -> out.put(Attribute.REGION, v));
        background.ifPresent(v -> out.put(Attribute.BACKGROUND, v));
        return out;
    }

    private static Optional<Region> region(List<String> words, List<String> contradictions) {
        boolean top = words.contains("top");
        boolean bottom = words.contains("bottom");
        boolean left = words.contains("left");
        boolean right = words.contains("right");
        boolean center = words.contains("center");
        if ((top && bottom) || (left && right)) {
            contradictions.add("region: " + (top && bottom ? "top, bottom" : "left, right"));
            return Optional.empty();
        }
        int col = left ? 0 : right ? 2 : 1;
        int row = top ? 0 : bottom ? 2 : 1;
        if (!top && !bottom && !left && !right) {
            return center ? Optional.of(Region.CENTER) : Optional.empty();
        }
        for (Region r : Region.values()) {
            if (r.column() == col && r.row() == row) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static <T extends Enum<T>> void note(List<String> contradictions, String what, List<T> values) {
        List<T> distinct = values.stream().distinct().toList();
        if (distinct.size() > 1) {
            contradictions.add(what + ": " + String.join(", ", distinct.stream().map(v -> v.name().toLowerCase()).toList()));
        }
    }

    private static <T> Optional<T> first(List<T> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
