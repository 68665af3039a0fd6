package org.vbsanomaly.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight slots of one file: named weights (ids declared by {@code <weight id=..>} in {@code
 * <initrwgt>} or met in an event's {@code <rwgt>}) and positional weights (the k-th number of an
 * event's {@code <weights>} block, named by LHEF 2.0's {@code <weightinfo name=..>} when declared,
 * else {@code weights[k]}). A slot keeps its index once given, so event arrays stay aligned with
 * {@link #names()} as the table grows.
 *
 * <p>Looking up a named weight allocates nothing when events list their weights in the order of the
 * previous ones, as generators do: the id bytes are compared with the expected next id first. Not
 * thread-safe.
 */
final class WeightTable {
  /** Most weight slots a file may have; bounds memory on malformed input. */
  static final int MAX_SLOTS = 100_000;

  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> namedIndex = new HashMap<>();
  private final List<byte[]> namedIds = new ArrayList<>();
  private int[] namedSlots = new int[16];
  private int[] positionalSlots = new int[0];
  private int positionalCount;
  private final List<String> positionalNames = new ArrayList<>();
  private int cursor;

  /** Declares a named weight from the header; a repeated id keeps its first slot. */
  void declareNamed(String id) {
    byte[] raw = id.getBytes(StandardCharsets.UTF_8);
    namedSlot(raw, 0, raw.length);
  }

  /** Declares the name of the next positional weight (LHEF 2.0 {@code <weightinfo>}). */
  void declarePositionalName(String name) {
    positionalNames.add(name);
  }

  /** Called at the start of each event: the next named weight is expected to be the first. */
  void startEvent() {
    cursor = 0;
  }

  /**
   * The slot of the named weight whose id is {@code buf[from, to)}, created if new; -1 when the
   * table is full.
   */
  int namedSlot(byte[] buf, int from, int to) {
    if (cursor < namedIds.size() && sameBytes(namedIds.get(cursor), buf, from, to)) {
      return namedSlots[cursor++];
    }
    String key = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    Integer index = namedIndex.get(key);
    if (index == null) {
      if (names.size() >= MAX_SLOTS) {
        return -1;
      }
      index = namedIds.size();
      namedIndex.put(key, index);
      namedIds.add(Arrays.copyOfRange(buf, from, to));
      if (namedSlots.length == index) {
        namedSlots = Arrays.copyOf(namedSlots, 2 * index);
      }
      namedSlots[index] = names.size();
      names.add(new String(buf, from, to - from, StandardCharsets.UTF_8));
    }
    cursor = index + 1;
    return namedSlots[index];
  }

  /** The slot of the {@code k}-th positional weight, created if new; -1 when the table is full. */
  int positionalSlot(int k) {
    while (positionalCount <= k) {
      if (names.size() >= MAX_SLOTS) {
        return -1;
      }
      if (positionalSlots.length == positionalCount) {
        positionalSlots = Arrays.copyOf(positionalSlots, Math.max(8, 2 * positionalCount));
      }
      positionalSlots[positionalCount] = names.size();
      names.add(positionalName(positionalCount));
      positionalCount++;
    }
    return positionalSlots[k];
  }

  private String positionalName(int k) {
    String declared = k < positionalNames.size() ? positionalNames.get(k) : null;
    if (declared != null && !declared.isEmpty() && !names.contains(declared)) {
      return declared;
    }
    return "weights[" + k + "]";
  }

  int size() {
    return names.size();
  }

  List<String> names() {
    return List.copyOf(names);
  }

  private static boolean sameBytes(byte[] id, byte[] buf, int from, int to) {
    return to - from == id.length && Arrays.equals(id, 0, id.length, buf, from, to);
  }
}
