package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;

class HarnessConfigTest {

  @Test
  void refusesDurationsWhoseNanosecondsWouldOverflow() {
    assertThatThrownBy(() -> HarnessConfig.builder().durationSeconds(1e12).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--duration")
        .hasMessageContaining("1000000000000 s")
        .hasMessageContaining("up to 1000000 seconds");
    assertThatThrownBy(() -> HarnessConfig.builder().warmupSeconds(1e12).build())
        .hasMessageContaining("--warmup")
        .hasMessageContaining("expected 0 up to 1000000 seconds");
    assertThatThrownBy(() -> HarnessConfig.builder().sampleSeconds(1e7).build())
        .hasMessageContaining("--sample-every");
    assertThatThrownBy(() -> HarnessConfig.builder().durationSeconds(Double.NaN).build())
        .hasMessageContaining("--duration")
        .hasMessageContaining("NaN");
  }

  @Test
  void acceptsTheLongestDurationAndWarmUp() {
    HarnessConfig c =
        HarnessConfig.builder()
            .durationSeconds(HarnessConfig.MAX_SECONDS)
            .warmupSeconds(HarnessConfig.MAX_SECONDS)
            .build();

    assertThat(c.durationSeconds()).isEqualTo(1e6);
    // Warm-up plus duration in nanoseconds stays well inside a long.
    assertThat((c.durationSeconds() + c.warmupSeconds()) * 1e9).isLessThan(Long.MAX_VALUE / 1e3);
  }

  @Test
  void refusesARingAboveTheCapNamingIt() {
    assertThatThrownBy(() -> HarnessConfig.builder().ringSize(1 << 30).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ring-size")
        .hasMessageContaining("1073741824")
        .hasMessageContaining("from 2 to 4194304")
        .hasMessageContaining("150 bytes");
    assertThatThrownBy(() -> HarnessConfig.builder().ringSize(1 << 23).build())
        .hasMessageContaining("4194304");
  }

  @Test
  void acceptsTheLargestRingWhenTheHeapHoldsIt() {
    long ringBytes = (long) HarnessConfig.MAX_RING_SIZE * HarnessConfig.SLOT_BYTES;
    assumeThat(Runtime.getRuntime().maxMemory() / 2).isGreaterThanOrEqualTo(ringBytes);

    HarnessConfig c = HarnessConfig.builder().ringSize(HarnessConfig.MAX_RING_SIZE).build();

    assertThat(c.ringSize()).isEqualTo(4_194_304);
  }

  @Test
  void refusesAFixedRateRunWithFewerThanAHundredEventsToMeasure() {
    assertThatThrownBy(() -> HarnessConfig.builder().rate(OfferedRate.of(1e-3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rate 0.001 events/s for --duration 10 s schedules 1 event to")
        .hasMessageContaining("at least 100")
        .hasMessageContaining("--duration 100000 or --rate 10");
    assertThatThrownBy(
            () ->
                HarnessConfig.builder()
                    .rate(OfferedRate.of(100_000))
                    .durationSeconds(0.0001)
                    .build())
        .hasMessageContaining("schedules 10 events")
        .hasMessageContaining("percentiles");
  }

  @Test
  void acceptsExactlyAHundredEventsAndAnyDurationForTheMaximumSearch() {
    HarnessConfig hundred =
        HarnessConfig.builder().rate(OfferedRate.of(500)).durationSeconds(0.2).build();
    HarnessConfig search =
        HarnessConfig.builder().rate(OfferedRate.MAX).durationSeconds(0.01).build();

    assertThat(hundred.rate().eventsPerSecond()).isEqualTo(500);
    // A trial's rate is the search's choice: it is not refused for being short.
    assertThat(search.withRate(OfferedRate.of(1_000)).rate().eventsPerSecond()).isEqualTo(1_000);
  }
}
