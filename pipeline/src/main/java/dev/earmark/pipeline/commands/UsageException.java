package dev.earmark.pipeline.commands;

/** A command line the command cannot run: printed with the command's usage, exit code 2. */
public class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
