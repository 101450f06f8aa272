package dev.rsidiff.scorers.train;

import dev.rsidiff.scorers.data.PairSource;
import dev.rsidiff.scorers.model.AestheticModel;
import dev.rsidiff.scorers.model.AlignmentModel;
import dev.rsidiff.scorers.model.ScorerModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** The held-out validation figures of each scorer (the same the tests assert on). */
public final class Validation {

    public static final int PAIRS = 1000;

    private Validation() {
    }

    /** Held-out scene pairs: half softened, half with the shape changed, three quarters captioned in full. */
    public static PairSource.CaptionBatch scenePairs(PairSource heldOut) {
        return heldOut.scenePairs(PAIRS, 0.5, 0.5, 0.75);
    }

    public static Map<String, Double> of(ScorerModel model, PairSource heldOut) {
        Map<String, Double> out = new LinkedHashMap<>();
        switch (model.name()) {
            case AlignmentModel.NAME -> {
                ScorerTraining.captionAccuracy((AlignmentModel) model, heldOut.captions(PAIRS))
                        .forEach((k, v) -> out.put("caption outranks mismatch (full captions) " + k, v));
                ScorerTraining.captionAccuracy((AlignmentModel) model, heldOut.hardCaptions(PAIRS, 0.5))
                        .forEach((k, v) -> out.put("caption outranks mismatch (every level) " + k, v));
                ScorerTraining.imageRankingAccuracy((AlignmentModel) model, scenePairs(heldOut))
                        .forEach((k, v) -> out.put("image outranks its variant " + k, v));
            }
            case AestheticModel.NAME -> ScorerTraining.pairAccuracy(model, heldOut.aesthetic(PAIRS, 0.3))
                    .forEach((k, v) -> out.put("clean outranks degraded " + k, v));
            default -> {
                ScorerTraining.pairAccuracy(model, heldOut.preference(PAIRS, 0.25))
                        .forEach((k, v) -> out.put("preferred outranks other " + k, v));
                ScorerTraining.pairAccuracy(model, heldOut.redrawnMismatches(PAIRS))
                        .forEach((k, v) -> out.put("G0 sample outranks its one-attribute variant " + k, v));
            }
        }
        return out;
    }
}
