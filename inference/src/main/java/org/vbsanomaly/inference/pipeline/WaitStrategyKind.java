package org.vbsanomaly.inference.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the pipeline's consumer threads wait for events. The trade-off is latency against CPU: on a
 * machine with no more cores than pipeline threads plus producers, the spinning strategies steal
 * the producers' cores and do worse.
 */
public enum WaitStrategyKind {
  /**
   * The Disruptor's defaults: each wait spins 100 times, yields 100 times, then parks 100 ns at a
   * time. A park ends after Linux's timer slack plus the wake-up, about 85 microseconds on the
   * machines of perf/README.md, so latency is up to about 0.1 ms. Idle CPU is low only when events
   * are rarer than that: at 10 kHz and more, the spins and yields of every wait keep the thread
   * about as busy as a spinning one.
   */
  SLEEPING,
  /** Spins, then yields: low latency, keeps a core busy. */
  YIELDING,
  /** Lock and condition: lowest CPU when idle; each publish signals under the lock. */
  BLOCKING,
  /** Spins without pause: lowest latency, one full core per consumer thread. */
  BUSY_SPIN;

  WaitStrategy create() {
    switch (this) {
      case YIELDING:
        return new YieldingWaitStrategy();
      case BLOCKING:
        return new BlockingWaitStrategy();
      case BUSY_SPIN:
        return new BusySpinWaitStrategy();
      default:
        return new SleepingWaitStrategy();
    }
  }
}
