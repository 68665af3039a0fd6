package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vbsanomaly.perf.BenchmarkEvents;

class OpenLoopGeneratorTest {

  private static final long MS = 1_000_000L;
  private static final BenchmarkEvents EVENTS = BenchmarkEvents.synthetic(2, 16);

  @ParameterizedTest
  @EnumSource(Pacing.class)
  void sendsEveryEventInOrderNeverBeforeItsTime(Pacing pacing) {
    long start = System.nanoTime() + 5 * MS;
    RateSchedule schedule = RateSchedule.fixed(start, 5_000);
    List<long[]> sends = new ArrayList<>();

    OpenLoopGenerator.Outcome outcome =
        OpenLoopGenerator.run(
            schedule,
            500,
            start + 10_000 * MS,
            start + 50 * MS,
            100,
            pacing,
            EVENTS,
            (id, rows, offset) -> sends.add(new long[] {id, System.nanoTime(), offset}));

    assertThat(outcome.sent()).isEqualTo(500);
    assertThat(sends).hasSize(500);
    for (int i = 0; i < sends.size(); i++) {
      long[] s = sends.get(i);
      assertThat(s[0]).isEqualTo(i);
      assertThat(s[1]).isGreaterThanOrEqualTo(schedule.intendedNanos(i));
      assertThat((int) s[2]).isEqualTo(EVENTS.offset(i));
    }
    // 50 ms at 5 kHz: the warm-up mark falls near event 250; a stalled machine moves it either way.
    assertThat(outcome.markIndex()).isBetween(0L, 500L);
    assertThat(outcome.maxLagNanos()).isGreaterThanOrEqualTo(0);
    // Lags are recorded from event 100 on, and each is the send time less the intended one.
    assertThat(outcome.sendLag().getTotalCount()).isEqualTo(400);
    long maxLag = 0;
    for (int i = 100; i < sends.size(); i++) {
      maxLag = Math.max(maxLag, sends.get(i)[1] - schedule.intendedNanos(i));
    }
    assertThat(outcome.sendLag().getMaxValue()).isLessThanOrEqualTo(maxLag + maxLag / 500 + 1);
  }

  @ParameterizedTest
  @EnumSource(Pacing.class)
  void stopsAtTheDeadlineWhenEventsRemain(Pacing pacing) {
    long start = System.nanoTime();
    RateSchedule schedule = RateSchedule.fixed(start, 10_000);

    OpenLoopGenerator.Outcome outcome =
        OpenLoopGenerator.run(
            schedule,
            1_000_000,
            start + 20 * MS,
            start,
            0,
            pacing,
            EVENTS,
            (id, rows, offset) -> {});

    // 20 ms at 10 kHz is 200 events; the last one may be sent a little after its time.
    assertThat(outcome.sent()).isPositive().isLessThanOrEqualTo(202L);
  }
}
