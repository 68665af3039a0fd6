/**
 * The training data: input files ({@link org.vbsanomaly.trainer.data.SampleSpec}, read and checked
 * by {@link org.vbsanomaly.trainer.data.SampleLoader}), the content-based train/test split ({@link
 * org.vbsanomaly.trainer.data.EventSplit}) with the validation part ({@link
 * org.vbsanomaly.trainer.data.SmEvents}), and the paper's preprocessing ({@link
 * org.vbsanomaly.trainer.data.FeatureScaling}).
 */
package org.vbsanomaly.trainer.data;
