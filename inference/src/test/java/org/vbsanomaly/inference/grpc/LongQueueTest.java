package org.vbsanomaly.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class LongQueueTest {

  @Test
  void keepsFirstInFirstOutAcrossWrapAroundAndGrowth() {
    LongQueue q = new LongQueue(2);
    q.addLast(1);
    q.addLast(2);
    assertThat(q.removeFirst()).isEqualTo(1);
    q.addLast(3); // wraps around the array of 2
    q.addLast(4); // grows while wrapped
    q.addLast(5);

    assertThat(q.size()).isEqualTo(4);
    assertThat(q.removeFirst()).isEqualTo(2);
    assertThat(q.removeFirst()).isEqualTo(3);
    assertThat(q.removeFirst()).isEqualTo(4);
    assertThat(q.removeFirst()).isEqualTo(5);
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void removeLastTakesBackTheNewestValue() {
    LongQueue q = new LongQueue(4);
    q.addLast(Long.MAX_VALUE);
    q.addLast(-7);

    assertThat(q.removeLast()).isEqualTo(-7);
    assertThat(q.removeFirst()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(q::removeLast).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(q::removeFirst).isInstanceOf(NoSuchElementException.class);
  }
}
