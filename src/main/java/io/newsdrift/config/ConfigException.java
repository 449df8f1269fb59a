package io.newsdrift.config;

/**
 * Bad usage or configuration: the message names the offending key or option and shows a valid
 * example. The command line turns it into exit code 2.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
