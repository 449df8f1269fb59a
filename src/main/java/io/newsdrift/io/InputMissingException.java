package io.newsdrift.io;

/** An input path that does not exist, matches no file, or cannot be listed: the run fails. */
public final class InputMissingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputMissingException(String message, Throwable cause) {
    super(message, cause);
  }
}
