/**
 * From trained TensorFlow weights to an exported model: {@link
 * org.vbsanomaly.trainer.export.WeightsConversion} builds the inference module's weight records,
 * {@link org.vbsanomaly.trainer.export.ModelCard} writes the human-readable card beside the model,
 * {@link org.vbsanomaly.trainer.export.CodeVersion} names the code that trained it.
 */
package org.vbsanomaly.trainer.export;
