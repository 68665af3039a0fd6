package org.vbsanomaly.inference.model;

import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * Default-domain ONNX operators (opset {@value OnnxModelContract#OPSET}) that the graph builder's
 * own operator list lacks.
 */
enum ExtraOperators implements ONNXOperator {
  LEAKY_RELU("LeakyRelu", 1, Map.of("alpha", floatAttribute("alpha"))),
  RELU("Relu", 1, Map.of()),
  EXP("Exp", 1, Map.of()),
  LOG("Log", 1, Map.of()),
  MAX("Max", ONNXAttribute.VARIADIC_INPUT, Map.of()),
  /** Reshape-13: data and a 1-D int64 shape tensor. */
  RESHAPE("Reshape", 2, Map.of());

  private final String opName;
  private final int numInputs;
  private final Map<String, ONNXAttribute> attributes;

  ExtraOperators(String opName, int numInputs, Map<String, ONNXAttribute> attributes) {
    this.opName = opName;
    this.numInputs = numInputs;
    this.attributes = attributes;
  }

  @Override
  public String getOpName() {
    return opName;
  }

  @Override
  public int getNumInputs() {
    return numInputs;
  }

  @Override
  public int getNumOptionalInputs() {
    return 0;
  }

  @Override
  public int getNumOutputs() {
    return 1;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return attributes;
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return Set.of();
  }

  @Override
  public int getOpVersion() {
    return OnnxModelContract.OPSET;
  }

  /** The default ONNX domain (the builder writes no domain for null). */
  @Override
  public String getOpDomain() {
    return null;
  }

  private static ONNXAttribute floatAttribute(String name) {
    return new ONNXAttribute(name, ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.FLOAT, false);
  }
}
