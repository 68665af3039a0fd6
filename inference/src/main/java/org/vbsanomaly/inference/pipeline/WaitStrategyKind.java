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
  /** Spins, then yields, then parks 100 microseconds at a time: low CPU, latency up to ~0.1 ms. */
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
