package dev.rsidiff.evaluator;

import dev.rsidiff.engine.world.PromptAttributes;
import dev.rsidiff.engine.world.PromptAttributes.Attribute;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text faithfulness: the share of the attributes a prompt names that the classifier sees in the image. */
public final class TextFaithfulness {

    private TextFaithfulness() {
    }

    /** "{prefix}" = mean share over images; "{prefix}.{attribute}" = accuracy of each named attribute. */
    public static Map<String, Double> of(List<String> prompts, List<AttributeClassifier.PredictedAttributes> seen,
                                         String prefix) {
        double total = 0;
        int images = 0;
        Map<Attribute, int[]> perAttribute = new EnumMap<>(Attribute.class);
        for (int i = 0; i < prompts.size(); i++) {
            Map<Attribute, Object> named = PromptAttributes.parse(prompts.get(i)).named();
            if (named.isEmpty()) {
                continue;
            }
            AttributeClassifier.PredictedAttributes p = seen.get(i);
            int right = 0;
            for (Map.Entry<Attribute, Object> e : named.entrySet()) {
                Object actual = p.of(e.getKey());
                boolean ok = actual == e.getValue();
                right += ok ? 1 : 0;
                int[] c = perAttribute.computeIfAbsent(e.getKey(), k -> new int[2]);
                c[0] += ok ? 1 : 0;
                c[1]++;
            }
            total += (double) right / named.size();
            images++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(prefix, images == 0 ? Double.NaN : total / images);
        perAttribute.forEach((a, c) -> out.put(prefix + "." + a.name().toLowerCase(Locale.ROOT), (double) c[0] / c[1]));
        return out;
    }
}
