package org.vbsanomaly.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleSpecTest {

  @Test
  void takesRoleAndOperatorFromTheSampleName() {
    SampleSpec s = SampleSpec.eft("cW_quad", Path.of("any.lhe.gz"));

    assertThat(s.role()).isEqualTo(SampleRole.QUAD);
    assertThat(s.operator()).isEqualTo("cW");
    assertThat(s.name()).isEqualTo("cW_quad");
  }

  @Test
  void fallsBackToTheFileNameWithoutTheProcessPrefix() {
    SampleSpec s = SampleSpec.eft("interference", Path.of("/data/ssww_cHq1_lin.lhe.gz"));

    assertThat(s.role()).isEqualTo(SampleRole.LIN);
    assertThat(s.operator()).isEqualTo("cHq1");
    assertThat(s.name()).isEqualTo("interference");
  }

  @Test
  void refusesASampleWhoseRoleCannotBeTold() {
    assertThatThrownBy(() -> SampleSpec.eft("signal", Path.of("/data/bsm.lhe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot tell whether EFT sample 'signal'")
        .hasMessageContaining("OPERATOR_lin or OPERATOR_quad");
  }

  @Test
  void smSampleIsNamedAfterItsFile() {
    SampleSpec s = SampleSpec.sm(Path.of("/data/ssww_sm_500.lhe.gz"));

    assertThat(s.name()).isEqualTo("ssww_sm_500");
    assertThat(s.role()).isEqualTo(SampleRole.SM);
    assertThat(s.operator()).isEmpty();
  }
}
