package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.vbsanomaly.inference.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns the exceptions a user can cause (bad files, bad values, an unusable model, options picocli
 * cannot parse) into one clear line on stderr and exit status 2; anything else is a bug and keeps
 * its stack trace.
 *
 * <p>A parse error prints its one line and where the help is, not the whole usage: the usage of a
 * command with many options buries the message. Only {@code vbs-anomaly} alone, with no command,
 * prints the usage, which then is what was asked for.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed)
      throws Exception {
    Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
    if (cause instanceof NoSuchFileException) {
      cl.getErr().println("error: no such file: " + oneLine(cause.getMessage()));
      return USER_ERROR;
    }
    if (cause instanceof IOException
        || cause instanceof IllegalArgumentException
        || cause instanceof ModelException) {
      String message = oneLine(cause.getMessage());
      // A refused option value reads like a parse error, and points to the help like one.
      String help = message.startsWith("--") ? helpPointer(cl) : "";
      cl.getErr().println("error: " + message + help);
      return USER_ERROR;
    }
    throw ex;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    if (cl.getParent() == null && args.length == 0) {
      err.println("error: " + oneLine(ex.getMessage()));
      cl.usage(err);
      return USER_ERROR;
    }
    err.println("error: " + oneLine(ex.getMessage()) + suggestions(ex) + helpPointer(cl));
    return USER_ERROR;
  }

  private static String helpPointer(CommandLine cl) {
    return "; see '" + cl.getCommandSpec().qualifiedName() + " --help'";
  }

  /** {@code " (did you mean --rate?)"} for a misspelt option, else empty. */
  private static String suggestions(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException unmatched)) {
      return "";
    }
    List<String> close = unmatched.getSuggestions();
    return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
  }

  /** Messages from native code (ONNX Runtime) may hold line breaks; the error stays one line. */
  private static String oneLine(String message) {
    return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
