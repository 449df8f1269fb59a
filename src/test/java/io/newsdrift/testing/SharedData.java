package io.newsdrift.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real corpora in {@code ../shared/data} beside the project. Tests that need them fail loudly
 * when the folder is missing (in CI above all): a skipped check would pass for the wrong reason.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String configured = System.getProperty("newsdrift.shared.data", "../shared/data");
    Path root = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("recovery")) || !Files.isDirectory(root.resolve("seeds"))) {
      throw new AssertionError(
          "the shared corpora are missing: expected ../shared/data (recovery/, seeds/, fwd-news/,"
              + " reuters21578/) beside the project, looked in "
              + root
              + " (set -Dnewsdrift.shared.data=DIR to point elsewhere)");
    }
    return root;
  }

  public static Path resolve(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError("missing shared corpus file " + p);
    }
    return p;
  }
}
