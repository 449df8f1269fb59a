package io.newsdrift.cli;

import io.newsdrift.config.ConfigException;

/** A command line that cannot be run as given; exit code 2 and the usage text. */
final class UsageException extends ConfigException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
