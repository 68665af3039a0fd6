package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringBuilder help = new StringBuilder();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      CommandLine root = VbsAnomaly.commandLine();
      help.append(root.getUsageMessage(CommandLine.Help.Ansi.OFF));
      for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
        help.append(sub.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF));
      }
    } finally {
      System.setErr(err);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(help).contains("98%").doesNotContain("%n").doesNotContain("%%");
  }

  @Test
  void featuresAndScoreGiveTheSameExitStatusForAFileThatIsNotLhe() {
    CommandLine root = VbsAnomaly.commandLine();
    for (String command : new String[] {"features", "score"}) {
      String help = root.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help)
          .as(command)
          .contains("  2   bad option, missing file or one that is not LHE (nothing is")
          .contains("  3   damaged input: events skipped")
          .contains("(a file without events")
          .doesNotContain("unreadable");
    }
  }
}
