package org.vbsanomaly.inference.pipeline;

import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import java.util.Arrays;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeatureRow;
import org.vbsanomaly.schema.v1.Particle;
import org.vbsanomaly.schema.v1.ParticleList;

/**
 * A producer's handle on a {@link ScoringPipeline}: publishes events into the ring.
 *
 * <p><b>Threads:</b> not thread-safe; each producer thread uses its own publisher ({@link
 * ScoringPipeline#newPublisher()}). Any number of publishers may publish concurrently. The results
 * of one publisher's events reach the sink in the order it published them.
 *
 * <p><b>Contract:</b> every publish call that returns normally has put exactly one event into the
 * ring, which will produce exactly one result, even if the event is malformed (it then gets an
 * error result). Publishing blocks while the ring is full. The caller's arrays are copied before
 * the call returns and may be reused at once. After {@link ScoringPipeline#close()} has begun,
 * publishing throws {@link IllegalStateException} and puts nothing into the ring.
 *
 * <p>Publishing allocates nothing per event for feature rows and particle arrays; a protobuf {@link
 * Event} with particles grows this publisher's scratch arrays when it has more particles than any
 * before.
 */
public final class EventPublisher {

  private static final EventTranslatorOneArg<EventSlot, EventPublisher> TRANSLATOR =
      new PublisherTranslator();

  private final ScoringPipeline pipeline;
  private final RingBuffer<EventSlot> ring;
  private final Selection selection;
  private final String rejectionReason;

  /** Set by a producer around its publish call; read by {@link ScoringPipeline#close()}. */
  volatile boolean publishing;

  // The event being published, read by the translator in this same thread.
  private Kind kind;
  private long id;
  private long publishNanos;
  private float[] floats;
  private double[] doubles;
  private int offset;
  private int count;
  private int missingMask;
  private int particleCount;
  private int[] pdgId;
  private int[] status;
  private double[] px;
  private double[] py;
  private double[] pz;
  private double[] energy;
  private FeatureRow featureRow;
  private String inputError;

  // Scratch for protobuf events with particles.
  /** The event's observables in double precision, for the selection; scratch of translate. */
  private final double[] observables = new double[Observable.COUNT];

  private int[] scratchPdg = new int[16];
  private int[] scratchStatus = new int[16];
  private double[] scratchPx = new double[16];
  private double[] scratchPy = new double[16];
  private double[] scratchPz = new double[16];
  private double[] scratchE = new double[16];

  private enum Kind {
    FLOATS,
    DOUBLES,
    PARTICLES,
    FEATURE_ROW,
    ERROR
  }

  EventPublisher(ScoringPipeline pipeline, RingBuffer<EventSlot> ring, Selection selection) {
    this.pipeline = pipeline;
    this.ring = ring;
    this.selection = selection;
    this.rejectionReason =
        selection == null ? null : "failed the selection: " + selection.describe();
  }

  /**
   * Publishes one event given by its features.
   *
   * @param id the caller's identifier, echoed in the result
   * @param values features, raw GeV and rad, in {@link Observable} order
   * @param offset index of the first feature in {@code values}
   * @param count number of features (anything but 14 gives an error result)
   * @param missingMask bit i set: observable i is missing (an error result, or a rejection by the
   *     selection)
   */
  public void publishFeatures(long id, float[] values, int offset, int count, int missingMask) {
    this.kind = Kind.FLOATS;
    this.floats = values;
    this.offset = offset;
    this.count = count;
    this.missingMask = missingMask;
    publish(id);
  }

  /** Publishes one event given by all its features ({@code values.length} of them). */
  public void publishFeatures(long id, float[] values) {
    publishFeatures(id, values, 0, values.length, 0);
  }

  /**
   * Publishes one event given by observables in double precision, as {@link ObservableCalculator}
   * and the events module's readers produce them; they are rounded to float.
   */
  public void publishObservables(long id, double[] values, int missingMask) {
    this.kind = Kind.DOUBLES;
    this.doubles = values;
    this.offset = 0;
    this.count = values.length;
    this.missingMask = missingMask;
    publish(id);
  }

  /**
   * Publishes one event given by its particles (LHE convention: PDG id, status, momenta in GeV);
   * the observables are computed with {@link ObservableCalculator} in this thread. Only the first
   * {@code n} entries of each array are read.
   */
  public void publishParticles(
      long id,
      int n,
      int[] pdgId,
      int[] status,
      double[] px,
      double[] py,
      double[] pz,
      double[] e) {
    this.kind = Kind.PARTICLES;
    this.particleCount = n;
    this.pdgId = pdgId;
    this.status = status;
    this.px = px;
    this.py = py;
    this.pz = pz;
    this.energy = e;
    publish(id);
  }

  /**
   * Publishes a protobuf event: its feature row, or its particles. An event with neither gets an
   * error result.
   */
  public void publish(Event event) {
    publish(event.getId(), event);
  }

  /**
   * Publishes a protobuf event under another identifier than its own, e.g. one that routes the
   * result back to the connection the event came from; the event's own id is ignored.
   */
  public void publish(long id, Event event) {
    switch (event.getContentCase()) {
      case FEATURES:
        this.kind = Kind.FEATURE_ROW;
        this.featureRow = event.getFeatures();
        break;
      case PARTICLES:
        loadParticles(event.getParticles());
        break;
      default:
        this.kind = Kind.ERROR;
        this.inputError = "event has neither features nor particles";
    }
    publish(id);
  }

  /** The pipeline this publisher feeds. */
  public ScoringPipeline pipeline() {
    return pipeline;
  }

  private void publish(long id) {
    this.id = id;
    this.publishNanos = System.nanoTime();
    publishing = true;
    try {
      pipeline.checkOpen();
      if (!ring.tryPublishEvent(TRANSLATOR, this)) {
        waitForSlot();
      }
      pipeline.countPublished();
    } finally {
      publishing = false;
      forgetCallerData();
    }
  }

  /** The ring is full: count it (the consumers hold the producer back), then wait for a slot. */
  private void waitForSlot() {
    pipeline.countRingFull();
    ring.publishEvent(TRANSLATOR, this);
  }

  private void forgetCallerData() {
    floats = null;
    doubles = null;
    pdgId = null;
    status = null;
    px = null;
    py = null;
    pz = null;
    energy = null;
    featureRow = null;
    inputError = null;
  }

  private void loadParticles(ParticleList list) {
    int n = list.getParticlesCount();
    if (n > scratchPdg.length) {
      growScratch(n);
    }
    for (int i = 0; i < n; i++) {
      Particle p = list.getParticles(i);
      scratchPdg[i] = p.getPdgId();
      scratchStatus[i] = p.getStatus();
      scratchPx[i] = p.getPx();
      scratchPy[i] = p.getPy();
      scratchPz[i] = p.getPz();
      scratchE[i] = p.getE();
    }
    this.kind = Kind.PARTICLES;
    this.particleCount = n;
    this.pdgId = scratchPdg;
    this.status = scratchStatus;
    this.px = scratchPx;
    this.py = scratchPy;
    this.pz = scratchPz;
    this.energy = scratchE;
  }

  private void growScratch(int n) {
    int size = Math.max(n, 2 * scratchPdg.length);
    scratchPdg = Arrays.copyOf(scratchPdg, size);
    scratchStatus = Arrays.copyOf(scratchStatus, size);
    scratchPx = Arrays.copyOf(scratchPx, size);
    scratchPy = Arrays.copyOf(scratchPy, size);
    scratchPz = Arrays.copyOf(scratchPz, size);
    scratchE = Arrays.copyOf(scratchE, size);
  }

  /** Fills a claimed slot; must not throw, since the slot is published whatever happens. */
  void translate(EventSlot slot) {
    slot.reset(id, publishNanos);
    try {
      boolean haveDoubles = fill(slot);
      if (slot.isPending() && selection != null) {
        applySelection(slot, haveDoubles);
      }
    } catch (RuntimeException e) {
      slot.fail("cannot read the event: " + e);
    }
  }

  /** Copies the event into the slot; returns whether {@link #observables} holds its doubles. */
  private boolean fill(EventSlot slot) {
    switch (kind) {
      case FLOATS:
        copyFloats(slot);
        return false;
      case DOUBLES:
        copyDoubles(slot);
        return true;
      case PARTICLES:
        computeObservables(slot);
        return true;
      case FEATURE_ROW:
        copyFeatureRow(slot);
        return false;
      default:
        slot.fail(inputError);
        return false;
    }
  }

  private void copyFloats(EventSlot slot) {
    int n = Math.min(count, Observable.COUNT);
    System.arraycopy(floats, offset, slot.features, 0, n);
    slot.featureCount = count;
    slot.missingMask = missingMask;
  }

  private void copyDoubles(EventSlot slot) {
    int n = Math.min(count, Observable.COUNT);
    for (int i = 0; i < n; i++) {
      slot.features[i] = (float) doubles[i];
      observables[i] = doubles[i];
    }
    slot.featureCount = count;
    slot.missingMask = missingMask;
  }

  private void copyFeatureRow(EventSlot slot) {
    int n = Math.min(featureRow.getValuesCount(), Observable.COUNT);
    for (int i = 0; i < n; i++) {
      slot.features[i] = featureRow.getValues(i);
    }
    slot.featureCount = featureRow.getValuesCount();
    slot.missingMask = featureRow.getMissingMask();
  }

  private void computeObservables(EventSlot slot) {
    double[] obs = observables;
    int mask = ObservableCalculator.compute(particleCount, pdgId, status, px, py, pz, energy, obs);
    for (int i = 0; i < Observable.COUNT; i++) {
      slot.features[i] = (float) obs[i];
    }
    slot.featureCount = Observable.COUNT;
    slot.missingMask = mask;
  }

  /**
   * Rejects the event if it fails the selection, judged on the unrounded values if there. An event
   * with a NaN or infinite observable is left to the scorer, which gives it an error naming the
   * value: a cut must not hide bad input as a rejection.
   */
  private void applySelection(EventSlot slot, boolean haveDoubles) {
    if (slot.featureCount != Observable.COUNT) {
      return; // the scorer reports the wrong count
    }
    double[] obs = observables;
    if (!haveDoubles) {
      for (int i = 0; i < Observable.COUNT; i++) {
        obs[i] = slot.features[i];
      }
    }
    for (int i = 0; i < Observable.COUNT; i++) {
      if ((slot.missingMask & (1 << i)) == 0 && !Double.isFinite(obs[i])) {
        return; // a NaN or infinite value is an error the scorer reports, not a rejection
      }
    }
    if (!selection.passes(obs, slot.missingMask)) {
      slot.reject(rejectionReason);
    }
  }

  private static final class PublisherTranslator
      implements EventTranslatorOneArg<EventSlot, EventPublisher> {
    @Override
    public void translateTo(EventSlot slot, long sequence, EventPublisher publisher) {
      publisher.translate(slot);
    }
  }
}
