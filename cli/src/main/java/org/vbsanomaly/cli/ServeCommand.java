package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.grpc.AnomalyScorerService;
import org.vbsanomaly.inference.grpc.ScoringServer;
import org.vbsanomaly.inference.model.ModelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly serve}: serves a model over gRPC ({@code vbsanomaly.v1.AnomalyScorer}) until
 * interrupted. Ctrl-C (or SIGTERM) shuts down gracefully: no new streams, every event already
 * received is scored and answered, then each open stream ends with {@code UNAVAILABLE}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves a model over gRPC (service vbsanomaly.v1.AnomalyScorer, plaintext HTTP/2):"
          + " ScoreStream takes a stream of Event messages (14 features in the order Describe"
          + " returns, or LHE particles) and returns one Score per event, in order, under the"
          + " event's id; an invalid event gets an error Score and the stream goes on. Describe"
          + " returns the feature order, units and thresholds.",
      "Listens on the loopback address by default. There is no TLS or authentication: bind"
          + " another address only behind something that provides them.",
      "Ctrl-C stops gracefully: new streams are refused, events already received are scored and"
          + " answered, then open streams end with status UNAVAILABLE."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "130:stopped by Ctrl-C (143: by SIGTERM), after the graceful shutdown; the last line says"
          + " whether streams had to be cancelled",
      "2:bad option, unusable model or device, or the address cannot be bound"
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = ScoringServer.DEFAULT_BIND_ADDRESS,
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + ScoringServer.DEFAULT_PORT,
      description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--apply-selection",
      description =
          "Apply the paper's selection: failing events get a REJECTED score (default: score"
              + " every event).")
  boolean applySelection;

  @Option(
      names = "--window",
      paramLabel = "N",
      defaultValue = "" + AnomalyScorerService.DEFAULT_WINDOW,
      description =
          "Events a stream may send ahead of the scores it has read (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--max-streams",
      paramLabel = "N",
      defaultValue = "" + AnomalyScorerService.DEFAULT_MAX_STREAMS,
      description = "Most streams open at once (default: ${DEFAULT-VALUE}).")
  int maxStreams;

  @Option(
      names = "--max-message-bytes",
      paramLabel = "BYTES",
      defaultValue = "" + ScoringServer.DEFAULT_MAX_INBOUND_MESSAGE_BYTES,
      description = "Largest event message accepted (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "On Ctrl-C, how long open streams may take to finish before they are cancelled"
              + " (default: ${DEFAULT-VALUE}).")
  long shutdownTimeoutSeconds;

  private volatile ScoringServer server;
  private volatile Boolean drainedInTime;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException, ModelException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (shutdownTimeoutSeconds < 0) {
      throw new IllegalArgumentException(
          "--shutdown-timeout " + shutdownTimeoutSeconds + ": expected >= 0 seconds");
    }
    Thread hook = new Thread(this::stopAndAwaitCleanup, "vbs-serve-shutdown");
    try (AnomalyModel model = modelChoice.open(err);
        AnomalyScorerService service = service(model, err)) {
      ModelChoice.warmUp(model);
      server = ScoringServer.start(service, bind, port, maxMessageBytes);
      Runtime.getRuntime().addShutdownHook(hook);
      printBanner(out, err, service);
      started.countDown();
      server.awaitTermination();
      stopped.await(); // the server terminates only through stop(): wait for its verdict
      printStats(out, service.stats(), drainedInTime);
    } finally {
      started.countDown();
      finished.countDown();
      removeHook(hook);
    }
    return Boolean.FALSE.equals(drainedInTime) ? 1 : 0;
  }

  /**
   * Stops the server gracefully, as Ctrl-C does; {@link #call()} then returns 0, or 1 if streams
   * had to be cancelled. For the shutdown hook and for embedding and tests.
   */
  void stop() {
    try {
      started.await();
      ScoringServer s = server;
      if (s != null) {
        drainedInTime = s.shutdown(Duration.ofSeconds(shutdownTimeoutSeconds));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  /** The port listened on, once started; waits for the start. For tests. */
  int awaitPort() throws InterruptedException {
    started.await();
    ScoringServer s = server;
    if (s == null) {
      throw new IllegalStateException("the server did not start");
    }
    return s.port();
  }

  private void stopAndAwaitCleanup() {
    spec.commandLine().getErr().println("shutting down: finishing the open streams...");
    spec.commandLine().getErr().flush();
    stop();
    try {
      // The JVM exits when the hooks return: let the command close the service and model first.
      finished.await(shutdownTimeoutSeconds + 15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AnomalyScorerService service(AnomalyModel model, PrintWriter err) {
    AnomalyScorerService.Builder b =
        AnomalyScorerService.builder(model)
            .window(window)
            .maxStreams(maxStreams)
            .selection(applySelection ? Selection.paper() : null)
            .warnings(message -> err.println("warning: " + message));
    AnomalyFlag flag = modelChoice.flag(model);
    return b.threshold(flag.threshold()).build();
  }

  private void printBanner(PrintWriter out, PrintWriter err, AnomalyScorerService service) {
    AnomalyModel model = service.model();
    out.printf(
        Locale.ROOT,
        "model        %s (%s, %s, sha256 %s)%n",
        model.file(),
        model.modelKind(),
        model.device().name().toLowerCase(Locale.ROOT),
        model.sha256().substring(0, 12));
    out.printf(Locale.ROOT, "features     %s%n", String.join(", ", model.featureNames()));
    out.printf(Locale.ROOT, "flag         %s%n", modelChoice.describe(service.flag()));
    out.printf(
        Locale.ROOT,
        "selection    %s%n",
        service.selection() == null ? "none" : service.selection().describe());
    out.printf(
        Locale.ROOT,
        "limits       window %d events per stream, %d streams, messages up to %d bytes%n",
        service.window(),
        service.maxStreams(),
        server.maxInboundMessageBytes());
    out.printf(
        Locale.ROOT,
        "listening    %s:%d (gRPC vbsanomaly.v1.AnomalyScorer; Ctrl-C stops)%n",
        server.address().getAddress().getHostAddress(),
        server.port());
    out.flush();
    if (!server.isLoopbackOnly()) {
      err.printf(
          Locale.ROOT,
          "warning: %s can be reached from other machines, and this server has no TLS or"
              + " authentication%n",
          bind);
      err.flush();
    }
  }

  private void printStats(PrintWriter out, AnomalyScorerService.Stats s, Boolean drained) {
    out.printf(
        Locale.ROOT,
        "stopped      %d streams served, %d events received, %d scores sent (%d errors, %d"
            + " rejected)%s%n",
        s.streamsOpened(),
        s.eventsReceived(),
        s.scoresSent(),
        s.errorResults(),
        s.rejectedResults(),
        Boolean.FALSE.equals(drained)
            ? "; streams still open after " + shutdownTimeoutSeconds + " s were cancelled"
            : "");
    out.flush();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The JVM is already shutting down (the hook is running), or the hook was never added.
    }
  }
}
