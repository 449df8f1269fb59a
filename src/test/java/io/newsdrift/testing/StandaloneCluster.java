package io.newsdrift.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 from the Maven-resolved jars: a Master and two
 * Workers, each its own JVM. The Workers get a {@code SPARK_HOME} (a {@code RELEASE} file and
 * {@code SPARK_SCALA_VERSION}, as in a distribution) whose {@code jars/} links to the resolved
 * Spark jars (what they launch executors and cluster-mode drivers with). Jobs go in with {@code
 * org.apache.spark.deploy.SparkSubmit}, as {@code spark-submit} does.
 *
 * <p>Needs {@code target/provided-classpath.txt}, {@code runtime-classpath.txt} and {@code
 * target/newsdrift-job.jar}, which {@code mvn package} writes: the tests using it run in the
 * integration-test phase.
 */
public final class StandaloneCluster implements AutoCloseable {
  public static final Path JOB_JAR = Path.of("target", "newsdrift-job.jar").toAbsolutePath();
  private static final Path CLASSPATH_FILE = Path.of("target", "provided-classpath.txt");
  private static final Path RUNTIME_CLASSPATH_FILE = Path.of("target", "runtime-classpath.txt");

  private final Path dir;
  private final String classpath;
  private final Path sparkHome;
  private final int masterPort;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(Path dir, String classpath, Path sparkHome, int masterPort) {
    this.dir = dir;
    this.classpath = classpath;
    this.sparkHome = sparkHome;
    this.masterPort = masterPort;
  }

  /**
   * The start of a command that runs the packaged job as its own local[2] driver JVM, as the
   * launcher does: java, the heap, the module options and the master. Callers add their JVM
   * options, then {@code -cp} {@link #localDriverClasspath()} and {@code io.newsdrift.cli.Main}.
   */
  public static List<String> localDriverCommand(String heap) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx" + heap);
    for (String o : System.getProperty("newsdrift.module.options", "").split(" ")) {
      if (!o.isBlank()) {
        cmd.add(o);
      }
    }
    cmd.addAll(itJvmOptions());
    cmd.add("-Dspark.master=local[2]");
    return cmd;
  }

  /**
   * Extra options for the drivers and executors the integration tests start ({@code it.jvm.extra}
   * in the pom: C1 only): their short runs in fresh JVMs pay more for C2 compiling Spark's planner
   * than it saves.
   */
  public static List<String> itJvmOptions() {
    return Arrays.stream(System.getProperty("newsdrift.it.jvm.extra", "").split(" "))
        .filter(o -> !o.isBlank())
        .toList();
  }

  /** The classpath of a local driver of the packaged job: the job jar and Spark (provided). */
  public static String localDriverClasspath() throws IOException {
    return JOB_JAR + java.io.File.pathSeparator + Files.readString(CLASSPATH_FILE).strip();
  }

  /** Starts a Master and {@code workers} Workers, each with {@code cores} cores. */
  public static StandaloneCluster start(Path dir, int workers, int cores, String workerMemory)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(JOB_JAR) || !Files.isRegularFile(RUNTIME_CLASSPATH_FILE)) {
      throw new AssertionError(
          "missing "
              + JOB_JAR
              + " or "
              + RUNTIME_CLASSPATH_FILE
              + ": run through Maven's integration-test phase (package builds them)");
    }
    // Spark (provided) and the rest (runtime): what a Spark installation with hadoop-aws holds.
    java.util.LinkedHashSet<String> jars = new java.util.LinkedHashSet<>();
    for (Path file : List.of(CLASSPATH_FILE, RUNTIME_CLASSPATH_FILE)) {
      jars.addAll(List.of(Files.readString(file).strip().split(java.io.File.pathSeparator)));
    }
    String classpath = String.join(java.io.File.pathSeparator, jars);
    Path sparkHome = dir.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    for (String jar : classpath.split(java.io.File.pathSeparator)) {
      Path target = Path.of(jar);
      Path link = sparkHome.resolve("jars").resolve(target.getFileName());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, target);
      }
    }
    // A RELEASE file marks a binary distribution: Spark's launcher then takes jars/ as it is.
    Files.writeString(sparkHome.resolve("RELEASE"), "Spark from the Maven-resolved jars\n");
    StandaloneCluster cluster = new StandaloneCluster(dir, classpath, sparkHome, freePort());
    Process master =
        cluster.startDaemon(
            "master",
            List.of(
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(cluster.masterPort),
                "--webui-port",
                String.valueOf(freePort())));
    cluster.waitForLog(dir.resolve("master.log"), "I have been elected leader", 1, master);
    for (int i = 0; i < workers; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      Process worker =
          cluster.startDaemon(
              "worker-" + i,
              List.of(
                  "org.apache.spark.deploy.worker.Worker",
                  "--host",
                  "127.0.0.1",
                  "--webui-port",
                  String.valueOf(freePort()),
                  "--cores",
                  String.valueOf(cores),
                  "--memory",
                  workerMemory,
                  "--work-dir",
                  work.toString(),
                  cluster.masterUrl()));
      cluster.workers.add(worker);
    }
    cluster.waitForLog(dir.resolve("master.log"), "Registering worker", workers, master);
    return cluster;
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  public List<Process> workers() {
    return List.copyOf(workers);
  }

  /** Executor JVMs the Workers have running now. */
  public List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    for (Process w : workers) {
      w.toHandle()
          .descendants()
          .filter(
              p ->
                  p.isAlive()
                      && p.info()
                          .commandLine()
                          .map(c -> c.contains("CoarseGrainedExecutorBackend"))
                          .orElse(false))
          .forEach(out::add);
    }
    return out;
  }

  /**
   * A {@code spark-submit} process (not yet waited for): {@code submitArgs} are spark-submit's
   * options, {@code jobArgs} the newsdrift command line. Output goes to {@code log}.
   */
  public Process submit(
      List<String> submitArgs, List<String> jobArgs, Path log, Map<String, String> env)
      throws IOException {
    List<String> cmd = new ArrayList<>(java("1g"));
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(List.of("--master", masterUrl(), "--class", "io.newsdrift.cli.Main"));
    cmd.addAll(submitArgs);
    cmd.add(JOB_JAR.toString());
    cmd.addAll(jobArgs);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb);
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs {@code submit} to its end (at most {@code timeout}) and returns its exit code. */
  public int submitAndWait(
      List<String> submitArgs,
      List<String> jobArgs,
      Path log,
      Map<String, String> env,
      Duration timeout)
      throws IOException, InterruptedException {
    Process p = submit(submitArgs, jobArgs, log, env);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit did not finish in " + timeout + ": " + tail(log));
    }
    return p.exitValue();
  }

  /** The last lines of a log, for assertion messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log " + log + ")";
    }
  }

  private Process startDaemon(String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(java("512m"));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    environment(pb);
    Process p = pb.start();
    daemons.add(p);
    return p;
  }

  private List<String> java(String heap) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx" + heap);
    cmd.addAll(List.of(System.getProperty("newsdrift.module.options", "").split(" ")));
    cmd.removeIf(String::isBlank);
    cmd.add("-cp");
    cmd.add(classpath);
    return cmd;
  }

  private void environment(ProcessBuilder pb) {
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    pb.environment().remove("SPARK_CONF_DIR");
  }

  private void waitForLog(Path log, String text, int times, Process process)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        String content = Files.readString(log);
        if (content.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
          return;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("cluster daemon exited: " + tail(log));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + text + "' x" + times + " within 90 s: " + tail(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
