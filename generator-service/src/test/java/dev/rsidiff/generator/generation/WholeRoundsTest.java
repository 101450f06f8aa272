package dev.rsidiff.generator.generation;

import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.protocol.RoundIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a poll of prompts holds all of the rounds it touches (then the generator does not wait for more). */
class WholeRoundsTest {

    private static final EventMetas METAS = new EventMetas(ServiceName.PROMPT_SERVICE);

    /** Prompts {@code from..to-1} of a round of {@code count}. */
    private static List<PromptFiltered> prompts(String run, int round, int count, int from, int to) {
        List<PromptFiltered> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(PromptFiltered.newBuilder()
                    .setMeta(METAS.next(run, round))
                    .setPromptId(RoundIds.promptId(run, round, i)).setText("a red circle").setFilterScores(List.of())
                    .setClusterId(0).setCheckpointId("ck-1").setPromptCount(count).setImagesPerPrompt(4)
                    .setPromptIndex(i)
                    .build());
        }
        return out;
    }

    private static List<PromptFiltered> concat(List<PromptFiltered> a, List<PromptFiltered> b) {
        List<PromptFiltered> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void aRoundWithAllItsPromptsIsWhole() {
        assertThat(WholeRounds.in(prompts("run-1", 1, 5, 0, 5))).isTrue();
    }

    @Test
    void partOfARoundIsNotWholeEvenWithOneOfItsPromptsTwice() {
        List<PromptFiltered> four = prompts("run-1", 1, 5, 0, 4);
        assertThat(WholeRounds.in(four)).isFalse();
        assertThat(WholeRounds.in(concat(four, prompts("run-1", 1, 5, 0, 1)))).as("a prompt redelivered").isFalse();
    }

    @Test
    void aPollIsWholeOnlyIfEveryRoundInItIs() {
        List<PromptFiltered> whole = prompts("run-1", 1, 3, 0, 3);
        assertThat(WholeRounds.in(concat(whole, prompts("run-1", 2, 3, 0, 3)))).isTrue();
        assertThat(WholeRounds.in(concat(whole, prompts("run-2", 1, 3, 0, 2)))).isFalse();
    }
}
