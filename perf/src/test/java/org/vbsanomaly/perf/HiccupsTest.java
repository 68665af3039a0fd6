package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HiccupsTest {

  @Test
  void aSpinningThreadReportsItsGapsAsAShareOfTheRun() {
    String line = Hiccups.measure(3, 0.05);

    assertThat(line)
        .startsWith("thread 3: ")
        .contains("gaps over 20 us in 0 s")
        .contains("% of the time");
  }

  @Test
  void parksTakeAtLeastWhatTheyAskForAndCostSomeCpu() {
    String line = Hiccups.wakeUps(200);

    Matcher m =
        Pattern.compile("took p50 (\\d+) us, p99 (\\d+) us, max (\\d+) us; CPU ([\\d.]+) us")
            .matcher(line);
    assertThat(m.find()).as(line).isTrue();
    long p50 = Long.parseLong(m.group(1));
    long p99 = Long.parseLong(m.group(2));
    long max = Long.parseLong(m.group(3));
    assertThat(p50).isGreaterThanOrEqualTo(10);
    assertThat(p99).isGreaterThanOrEqualTo(p50);
    assertThat(max).isGreaterThanOrEqualTo(p99);
    assertThat(Double.parseDouble(m.group(4))).isPositive();
  }
}
