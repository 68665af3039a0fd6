package org.vbsanomaly.inference.grpc;

import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of primitive longs in a growable circular array: no boxing, no
 * allocation once it has grown to the largest backlog. Not thread-safe; its owner guards it.
 */
final class LongQueue {

  private long[] items;
  private int head;
  private int size;

  LongQueue(int initialCapacity) {
    items = new long[Math.max(1, initialCapacity)];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addLast(long value) {
    if (size == items.length) {
      grow();
    }
    items[(head + size) % items.length] = value;
    size++;
  }

  long removeFirst() {
    if (size == 0) {
      throw new NoSuchElementException("queue is empty");
    }
    long value = items[head];
    head = (head + 1) % items.length;
    size--;
    return value;
  }

  long removeLast() {
    if (size == 0) {
      throw new NoSuchElementException("queue is empty");
    }
    size--;
    return items[(head + size) % items.length];
  }

  void clear() {
    head = 0;
    size = 0;
  }

  private void grow() {
    long[] bigger = new long[items.length * 2];
    for (int i = 0; i < size; i++) {
      bigger[i] = items[(head + i) % items.length];
    }
    items = bigger;
    head = 0;
  }
}
