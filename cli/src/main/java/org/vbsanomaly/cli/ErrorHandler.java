package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the exceptions a user can cause (bad files, bad values) into one clear line on stderr and
 * exit status 2; anything else is a bug and keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed)
      throws Exception {
    Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
    if (cause instanceof NoSuchFileException) {
      cl.getErr().println("error: no such file: " + cause.getMessage());
      return USER_ERROR;
    }
    if (cause instanceof IOException || cause instanceof IllegalArgumentException) {
      cl.getErr().println("error: " + cause.getMessage());
      return USER_ERROR;
    }
    throw ex;
  }
}
