package org.vbsanomaly.events;

import java.util.List;

/**
 * The {@code <init>} block of a Les Houches event file: beams, PDFs, the weighting strategy and one
 * line per process.
 *
 * @param version the {@code version} attribute of {@code <LesHouchesEvents>} ("1.0", "2.0", "3.0"),
 *     empty when absent
 * @param beamId1 PDG id of beam 1 (IDBMUP(1))
 * @param beamId2 PDG id of beam 2
 * @param beamEnergy1 energy of beam 1 in GeV (EBMUP(1))
 * @param beamEnergy2 energy of beam 2 in GeV
 * @param pdfGroup1 PDFGUP(1), the PDF author group of beam 1 (0 or -1 when unused)
 * @param pdfGroup2 PDFGUP(2)
 * @param pdfSet1 PDFSUP(1), the PDF set of beam 1 (an LHAPDF id for most generators)
 * @param pdfSet2 PDFSUP(2)
 * @param weightStrategy IDWTUP: +-1 to +-4, how XWGTUP and XSECUP are to be read
 * @param processes one entry per process line, in file order (NPRUP entries)
 */
public record LheInit(
    String version,
    int beamId1,
    int beamId2,
    double beamEnergy1,
    double beamEnergy2,
    int pdfGroup1,
    int pdfGroup2,
    int pdfSet1,
    int pdfSet2,
    int weightStrategy,
    List<Process> processes) {

  /**
   * One process line of the init block.
   *
   * @param crossSectionPb XSECUP in pb (may be negative for interference samples)
   * @param crossSectionErrorPb XERRUP in pb
   * @param maxWeight XMAXUP, the largest event weight
   * @param processId LPRUP, the id that events carry as IDPRUP
   */
  public record Process(
      double crossSectionPb, double crossSectionErrorPb, double maxWeight, int processId) {}

  public LheInit {
    processes = List.copyOf(processes);
  }

  /** Sum of XSECUP over the processes, in pb: the cross section of the whole file. */
  public double crossSectionPb() {
    double sum = 0;
    for (Process p : processes) {
      sum += p.crossSectionPb();
    }
    return sum;
  }

  /** XERRUP of the processes added in quadrature, in pb (the errors are independent). */
  public double crossSectionErrorPb() {
    double sum = 0;
    for (Process p : processes) {
      sum += p.crossSectionErrorPb() * p.crossSectionErrorPb();
    }
    return Math.sqrt(sum);
  }

  /** Centre-of-mass energy in GeV for head-on beams of massless particles: 2 sqrt(E1 E2). */
  public double sqrtS() {
    return 2 * Math.sqrt(beamEnergy1 * beamEnergy2);
  }
}
