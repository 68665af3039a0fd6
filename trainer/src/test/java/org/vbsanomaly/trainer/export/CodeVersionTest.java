package org.vbsanomaly.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeVersionTest {

  @Test
  void namesTheProjectVersionFromTheBuildAndACommitOrItsAbsence() {
    String described = CodeVersion.describe();

    assertThat(CodeVersion.projectVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(described).startsWith("vbs-anomaly " + CodeVersion.projectVersion() + " (");
    assertThat(described).matches(".*\\((git [0-9a-f]{12}(-dirty)?|unknown commit)\\)");
  }
}
