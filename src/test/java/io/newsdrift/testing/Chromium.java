package io.newsdrift.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian package {@code chromium}) for tests that look at what a page draws.
 * Started without network and without a sandbox (tests run as root in CI). In CI a missing browser
 * fails the test: {@code .ci/run} installs it; on a developer machine without it the test is
 * skipped with the command that installs it.
 */
public final class Chromium {
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");

  private Chromium() {}

  public static Path binary() {
    Optional<Path> found =
        NAMES.stream()
            .flatMap(
                n ->
                    List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                        .map(d -> Path.of(d, n)))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      String message = "headless Chromium is not installed (apt-get install chromium)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + "; .ci/run should have installed it");
      }
      Assumptions.abort(message + "; CI runs this test");
    }
    return found.get();
  }

  /** Renders a local HTML file to a PNG screenshot of the given size. */
  public static Path screenshot(Path html, int width, int height, Path dir)
      throws IOException, InterruptedException {
    Path png = dir.resolve("screenshot.png");
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Process p =
        new ProcessBuilder(
                binary().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--screenshot=" + png,
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish rendering " + html + " within 120 s");
    }
    if (!Files.exists(png)) {
      throw new AssertionError(
          "Chromium wrote no screenshot (exit "
              + p.exitValue()
              + "): "
              + Files.readString(dir.resolve("chromium.log")));
    }
    return png;
  }
}
