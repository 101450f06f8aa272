package dev.rsidiff.engine.ckpt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaseModelTest {

    @Test
    void shippedCheckpointHasTheDeclaredId() {
        Checkpoint g0 = BaseModel.load();
        assertThat(g0.header().id()).isEqualTo(BaseModel.ID);
        assertThat(g0.header().parentId()).isNull();
    }
}
