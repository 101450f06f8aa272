package dev.rsidiff.bench.loop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreRequestCountsTest {

    private static final String PAGE = """
            # HELP rsidiff_blob_requests_total Requests sent to the object store, by kind
            # TYPE rsidiff_blob_requests_total counter
            rsidiff_blob_requests_total{kind="bucket"} 3.0
            rsidiff_blob_requests_total{kind="get"} 1024.0
            rsidiff_blob_requests_total{kind="put",} 12.0
            jvm_threads_live_threads 40.0
            """;

    @Test
    void readsEachKindOfTheCounter() {
        StoreRequestCounts counts = StoreRequestCounts.parse(PAGE);

        assertThat(counts.byKind()).containsOnlyKeys("bucket", "get", "put");
        assertThat(counts.of("get")).isEqualTo(1024);
        assertThat(counts.of("list")).isZero();
        assertThat(counts.total()).isEqualTo(1039);
    }

    @Test
    void theDifferenceIsWhatWasSentBetweenTwoReadings() {
        StoreRequestCounts before = StoreRequestCounts.parse(PAGE);
        StoreRequestCounts after = StoreRequestCounts.parse(PAGE.replace("1024.0", "2048.0").replace("12.0", "1.3e2"));

        StoreRequestCounts sent = after.minus(before);

        assertThat(sent.of("get")).isEqualTo(1024);
        assertThat(sent.of("put")).isEqualTo(118);
        assertThat(sent.of("bucket")).isZero();
    }

    @Test
    void aPageWithoutTheCounterIsAnError() {
        assertThatThrownBy(() -> StoreRequestCounts.parse("jvm_threads_live_threads 40.0\n"))
                .hasMessageContaining("rsidiff_blob_requests_total");
    }
}
