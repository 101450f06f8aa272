package dev.rsidiff.generator.generation;

import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.schemas.RecordFault;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which index an image's seed follows from: the one the event carries, or for events before v2, its id's. */
class PromptIndexTest {

    private static PromptFiltered prompt(String id, int index) {
        return PromptFiltered.newBuilder()
                .setMeta(new EventMetas(ServiceName.PROMPT_SERVICE).next("run-1", 1))
                .setPromptId(id).setText("a red circle on the left").setFilterScores(List.of()).setClusterId(0)
                .setCheckpointId("ck-1").setPromptCount(8).setImagesPerPrompt(2).setPromptIndex(index)
                .build();
    }

    @Test
    void theCarriedIndexIsUsedNotTheId() {
        // given an event whose id says 3 but whose field says 5 (the field is the contract)
        PromptFiltered p = prompt(RoundIds.promptId("run-1", 1, 3), 5);

        // then
        assertThat(ImageGeneration.promptIndex(p)).isEqualTo(5);
    }

    @Test
    void anEventBeforeV2TakesItsIndexFromItsId() {
        // given an event written before the field existed: it decodes with the default -1
        PromptFiltered p = prompt(RoundIds.promptId("run-1", 1, 17), -1);

        // then
        assertThat(ImageGeneration.promptIndex(p)).isEqualTo(17);
    }

    @Test
    void anOldEventWithoutAReadableIdIsTheRecordsFault() {
        assertThatThrownBy(() -> ImageGeneration.promptIndex(prompt("run-1.r1.prompt-x", -1)))
                .isInstanceOf(RecordFault.class)
                .hasMessageContaining("run-1.r1.prompt-x");
    }
}
