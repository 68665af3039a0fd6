package org.vbsanomaly.inference.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC server (Netty) that serves one {@link AnomalyScorerService} on one address.
 *
 * <p>Limits: inbound messages larger than {@link #maxInboundMessageBytes()} fail the call with
 * {@code RESOURCE_EXHAUSTED}; inbound metadata is limited to {@value #MAX_INBOUND_METADATA_BYTES}
 * bytes; streams beyond the service's maximum are refused by the service with a clear status
 * (rather than queued by the transport).
 *
 * <p>There is no transport security: keep the default loopback address, or put the server behind
 * something that provides TLS and authentication when binding another interface.
 *
 * <p><b>Lifecycle.</b> {@link #shutdown(Duration)} refuses new calls, drains the service's open
 * streams (every event received is answered), and stops the server. The caller closes the service
 * and then the model afterwards; this class closes neither.
 */
public final class ScoringServer {

  /** Default TCP port: 7070. */
  public static final int DEFAULT_PORT = 7070;

  /** Default address to listen on: the IPv4 loopback, so nothing off this machine can connect. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  /**
   * Default largest inbound message: 1 MiB, enough for an event with the 10,000 particles the LHE
   * reader allows (about 60 bytes each); a feature event is about 70 bytes.
   */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 1 << 20;

  /** Largest inbound metadata (headers) per call. */
  public static final int MAX_INBOUND_METADATA_BYTES = 16 * 1024;

  private final Server server;
  private final AnomalyScorerService service;
  private final int maxInboundMessageBytes;

  private ScoringServer(Server server, AnomalyScorerService service, int maxInboundMessageBytes) {
    this.server = server;
    this.service = service;
    this.maxInboundMessageBytes = maxInboundMessageBytes;
  }

  /**
   * Starts serving.
   *
   * @param bindAddress host name or IP address of the interface to listen on
   * @param port TCP port, 0 for any free one (see {@link #port()})
   * @param maxInboundMessageBytes largest event message accepted
   * @throws IOException if the address cannot be resolved or bound (e.g. the port is in use)
   * @throws IllegalArgumentException if the port or message limit is out of range
   */
  public static ScoringServer start(
      AnomalyScorerService service, String bindAddress, int port, int maxInboundMessageBytes)
      throws IOException {
    Objects.requireNonNull(service, "service");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port is " + port + ", expected 0 to 65535");
    }
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "maximum message size is " + maxInboundMessageBytes + " bytes, expected >= 1024");
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bindAddress), port);
    Server server =
        NettyServerBuilder.forAddress(address)
            .addService(service)
            .maxInboundMessageSize(maxInboundMessageBytes)
            .maxInboundMetadataSize(MAX_INBOUND_METADATA_BYTES)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new IOException("cannot listen on " + bindAddress + ":" + port + ": " + e, e);
    }
    return new ScoringServer(server, service, maxInboundMessageBytes);
  }

  /** The address and port listened on (the actual port when 0 was asked). */
  public InetSocketAddress address() {
    for (SocketAddress a : server.getListenSockets()) {
      if (a instanceof InetSocketAddress inet) {
        return inet;
      }
    }
    throw new IllegalStateException("the server is not listening on an internet address");
  }

  /** The TCP port listened on. */
  public int port() {
    return server.getPort();
  }

  /** Whether only this machine can connect (the address is a loopback address). */
  public boolean isLoopbackOnly() {
    return address().getAddress().isLoopbackAddress();
  }

  /** The largest inbound message accepted, in bytes. */
  public int maxInboundMessageBytes() {
    return maxInboundMessageBytes;
  }

  /** The service served. */
  public AnomalyScorerService service() {
    return service;
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Graceful stop: refuses new calls, lets every open stream finish answering the events it has
   * received (see {@link AnomalyScorerService#drain(Duration)}), then stops the server; streams
   * still open after {@code timeout} (a client that stopped reading) are cancelled.
   *
   * @return true if every stream ended on its own within the timeout
   */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    server.shutdown();
    boolean drained = service.drain(timeout);
    long left = Math.max(0, deadline - System.nanoTime());
    if (!server.awaitTermination(left, TimeUnit.NANOSECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    return drained;
  }
}
