package io.newsdrift.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter with the notebooks' packages ({@code notebooks/requirements.txt}): CI's
 * {@code target/ci-venv} when it exists, else {@code target/test-venv}, made on first use with
 * {@code python3 -m venv} and {@code pip --retries 0} (the machine's pip reads a local wheel
 * store). Fails, never skips, when neither can be had: a skipped reader test would pass for the
 * wrong reason.
 */
public final class NotebookPython {
  public static final Path NOTEBOOKS = Path.of("notebooks").toAbsolutePath();
  private static final Path CI_VENV = Path.of("target", "ci-venv").toAbsolutePath();
  private static final Path TEST_VENV = Path.of("target", "test-venv").toAbsolutePath();
  private static Path python;

  private NotebookPython() {}

  public static synchronized Path interpreter() {
    if (python == null) {
      Path ci = CI_VENV.resolve("bin/python");
      python = Files.isExecutable(ci) ? ci : testVenv();
    }
    return python;
  }

  /** Runs the interpreter; fails with its output unless it exits 0 within the timeout. */
  public static String run(long timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(interpreter().toString());
    cmd.addAll(List.of(args));
    return exec(cmd, timeoutSeconds);
  }

  private static Path testVenv() {
    Path requirements = NOTEBOOKS.resolve("requirements.txt");
    // pip's resolution takes seconds even when all is installed: redo it only when the
    // requirements changed since the last install.
    Path installed = TEST_VENV.resolve("requirements.installed");
    try {
      String wanted = Files.readString(requirements, StandardCharsets.UTF_8);
      if (Files.isRegularFile(installed)
          && Files.readString(installed, StandardCharsets.UTF_8).equals(wanted)) {
        return TEST_VENV.resolve("bin/python");
      }
      if (!Files.isExecutable(TEST_VENV.resolve("bin/python"))) {
        exec(List.of("python3", "-m", "venv", TEST_VENV.toString()), 120);
      }
      exec(
          List.of(
              TEST_VENV.resolve("bin/python").toString(),
              "-m",
              "pip",
              "install",
              "-q",
              "--retries",
              "0",
              "-r",
              requirements.toString()),
          600);
      Files.writeString(installed, wanted, StandardCharsets.UTF_8);
      return TEST_VENV.resolve("bin/python");
    } catch (IOException e) {
      throw new AssertionError("cannot prepare the Python environment " + TEST_VENV, e);
    }
  }

  private static String exec(List<String> cmd, long timeoutSeconds) {
    try {
      Path log = Files.createTempFile("newsdrift-python", ".log");
      try {
        Process p =
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
          p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!done || p.exitValue() != 0) {
          throw new AssertionError(
              String.join(" ", cmd)
                  + (done
                      ? " exited " + p.exitValue()
                      : " timed out after " + timeoutSeconds + " s")
                  + "; the notebooks' Python (target/ci-venv, else target/test-venv with"
                  + " notebooks/requirements.txt) is needed for this test. Output:\n"
                  + out);
        }
        return out;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", cmd), e);
    }
  }
}
