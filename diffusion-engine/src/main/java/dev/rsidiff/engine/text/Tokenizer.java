package dev.rsidiff.engine.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word-level tokenizer over a fixed vocabulary. Every sequence starts with BOS (so the empty prompt, the
 * unconditional input, is one token), unknown words become UNK, and the rest is PAD up to the fixed length.
 */
public final class Tokenizer {

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int UNK = 2;
    private static final int FIRST_WORD = 3;

    private final Map<String, Integer> ids = new HashMap<>();
    private final int length;

    public Tokenizer(List<String> vocabulary, int length) {
        for (int i = 0; i < vocabulary.size(); i++) {
            ids.put(vocabulary.get(i), FIRST_WORD + i);
        }
        this.length = length;
    }

    public int vocabularySize() {
        return FIRST_WORD + ids.size();
    }

    public int length() {
        return length;
    }

    /** Lower-cased words of a prompt (runs of letters). */
    public static List<String> words(String prompt) {
        List<String> out = new ArrayList<>();
        for (String w : prompt.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Token ids, BOS first, padded or truncated to {@link #length()}. */
    public int[] encode(String prompt) {
        int[] out = new int[length];
        out[0] = BOS;
        int i = 1;
        for (String w : words(prompt)) {
            if (i == length) {
                break;
            }
            out[i++] = ids.getOrDefault(w, UNK);
        }
        return out;
    }

    /** Words of the prompt that are not in the vocabulary. */
    public List<String> unknownWords(String prompt) {
        return words(prompt).stream().filter(w -> !ids.containsKey(w)).toList();
    }
}
