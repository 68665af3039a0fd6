package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.perf.BenchmarkModel;

class HarnessRunnerTest {

  @TempDir Path dir;

  @Test
  void fixedRateRunWritesLogPercentilesPlotAndMemory() throws Exception {
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.of(1_000))
            .durationSeconds(1.5)
            .warmupSeconds(0.5)
            .sampleSeconds(0.5)
            .maxP99Nanos(1_000_000_000L) // a bound of 1 s, which no healthy 1 kHz run misses
            .build();
    HarnessRunner.Report report = runOnStandIn(config);

    assertThat(report.ok()).isTrue();
    assertThat(report.text())
        .containsPattern(
            "\naim met: all 2,000 events sent and scored, corrected p99 [0-9.]+ us within the"
                + " bound of 1000000 us\n");
    assertThat(report.files())
        .containsExactly(
            "summary.txt",
            "latency.hlog",
            "latency-scheduled.hgrm",
            "latency-publish.hgrm",
            "latency-percentiles.png",
            "latency-memory.csv");
    assertThat(report.text()).contains("sched p99").contains("1.00 kHz").contains("heap after GC");
    assertThat(Files.readString(dir.resolve("summary.txt"))).startsWith("test machine");
    assertThat(Files.size(dir.resolve("latency-percentiles.png"))).isGreaterThan(1_000);
    assertThat(Files.readString(dir.resolve("latency-scheduled.hgrm"))).contains("Percentile");
    List<String> csv = Files.readAllLines(dir.resolve("latency-memory.csv"));
    assertThat(csv).first().isEqualTo(MemorySample.CSV_HEADER);
    // Samples at 1 s and 2 s and the end sample, just after 2 s: each time once.
    List<String> times = csv.stream().skip(1).map(line -> line.split(",")[0]).toList();
    assertThat(times).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();

    long measured = 0;
    long warmup = 0;
    HistogramLogReader reader = new HistogramLogReader(dir.resolve("latency.hlog").toFile());
    EncodableHistogram h;
    while ((h = reader.nextIntervalHistogram()) != null) {
      Histogram interval = (Histogram) h;
      if ("warmup".equals(interval.getTag())) {
        warmup += interval.getTotalCount();
      } else {
        measured += interval.getTotalCount();
      }
    }
    assertThat(measured).isEqualTo(1_500);
    assertThat(warmup).isEqualTo(500);
  }

  @Test
  void aFixedRateRunOverItsLatencyBoundMissesItsAimAndSaysWhy() throws Exception {
    // The smallest bound HarnessConfig takes: 1 ns, under any latency the pipeline can have.
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.of(1_000))
            .durationSeconds(0.2)
            .warmupSeconds(0)
            .maxP99Nanos(1)
            .build();

    HarnessRunner.Report report = runOnStandIn(config);

    assertThat(report.ok()).isFalse();
    String aim = "aim not met: corrected p99 [0-9.]+ us over the bound of 0.001 us \\(--max-p99\\)";
    assertThat(report.text()).containsPattern("\n" + aim + "\n").doesNotContain("aim met");
    assertThat(Files.readString(dir.resolve("summary.txt"))).containsPattern(aim);
    // The files are written all the same.
    assertThat(report.files()).contains("latency-percentiles.png", "latency-memory.csv");
  }

  @Test
  void aRunDeletesTheOutputsOfAnEarlierRunInTheSameFolder() throws Exception {
    Files.writeString(dir.resolve("latency-percentiles.png"), "an earlier run's plot");
    Files.createDirectories(dir.resolve("trials"));
    Files.writeString(dir.resolve("trials/latency-500000-per-s.hlog"), "an earlier trial");
    Files.writeString(dir.resolve("notes.txt"), "the user's own file");
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.of(500))
            .durationSeconds(0.2)
            .warmupSeconds(0)
            .build();

    HarnessRunner.Report report = runOnStandIn(config);

    assertThat(Files.size(dir.resolve("latency-percentiles.png"))).isGreaterThan(1_000);
    assertThat(dir.resolve("trials/latency-500000-per-s.hlog")).doesNotExist();
    assertThat(dir.resolve("notes.txt")).hasContent("the user's own file");
    assertThat(report.files()).doesNotContain("notes.txt", "trials/");
  }

  private HarnessRunner.Report runOnStandIn(HarnessConfig config) throws Exception {
    try (AnomalyModel model =
        AnomalyModel.open(BenchmarkModel.randomStandIn(BenchmarkModel.DEFAULT_SEED).onnx())) {
      return HarnessRunner.run(model, config, dir, "test machine");
    }
  }
}
