package io.newsdrift.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writing run per warehouse: a lock file ({@code _lock/writer}) that a run creates when it
 * starts, refreshes while it runs and removes when it ends. A second run that finds a live lock
 * fails at once, naming the run that holds it, instead of racing it to the tables.
 *
 * <p>A lock is stale, and taken over with a warning, when its heartbeat is older than {@link
 * #STALE_AFTER}, or at once when its holder ran on this host and that process is gone (a driver
 * killed with {@code kill -9} does not wait out the timeout before the next run). Creating the file
 * is check-then-create on object stores, so two runs started in the same instant might both pass;
 * Iceberg's own commit check is the last guard (docs/operations.md, "Catalogs and concurrent
 * writers").
 */
public final class WriterLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLock.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  static final Duration STALE_AFTER = Duration.ofMinutes(3);

  private final FileSystem fs;
  private final Path file;
  private final Map<String, String> holder;
  private final ScheduledExecutorService heartbeat;

  /** Thrown when another live run holds the lock. */
  public static final class WarehouseBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WarehouseBusyException(String message) {
      super(message);
    }
  }

  private WriterLock(FileSystem fs, Path file, Map<String, String> holder) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "newsdrift-writer-lock");
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleAtFixedRate(
        this::beat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Takes the lock of {@code warehouse} for a run, or throws naming the run that holds it. */
  public static WriterLock acquire(
      Warehouse warehouse, Configuration conf, String runId, String command) {
    Path file = new Path(warehouse.location("_lock/writer"));
    Map<String, String> me = new LinkedHashMap<>();
    me.put("run_id", runId);
    me.put("command", command);
    me.put("host", hostName());
    me.put("pid", Long.toString(ProcessHandle.current().pid()));
    me.put("started", Instant.now().toString());
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (fs.exists(file)) {
        Map<String, String> other = parse(fs, file);
        String why = staleReason(other);
        if (why == null) {
          throw new WarehouseBusyException(
              "the warehouse "
                  + warehouse.root()
                  + " is being written by run "
                  + other.getOrDefault("run_id", "?")
                  + " ("
                  + other.getOrDefault("command", "?")
                  + " on host "
                  + other.getOrDefault("host", "?")
                  + ", pid "
                  + other.getOrDefault("pid", "?")
                  + ", last heartbeat "
                  + other.getOrDefault("heartbeat", "?")
                  + "); two runs must not write one warehouse at once. Wait for it to end; if it"
                  + " died, its lock is taken over "
                  + STALE_AFTER.toMinutes()
                  + " minutes after its last heartbeat, or remove "
                  + file);
        }
        LOG.warn(
            "taking over the writer lock of run {} ({}): {}",
            other.getOrDefault("run_id", "?"),
            other.getOrDefault("command", "?"),
            why);
        fs.delete(file, false);
      }
      write(fs, file, me, false);
      LOG.info("holding the writer lock {}", file);
      return new WriterLock(fs, file, me);
    } catch (FileAlreadyExistsException e) {
      throw new WarehouseBusyException(
          "another run took the writer lock of " + warehouse.root() + " at the same moment");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the writer lock " + file, e);
    }
  }

  /** Why a holder's lock no longer counts, or null while it does. */
  static String staleReason(Map<String, String> holder) {
    Instant beat;
    try {
      beat = Instant.parse(holder.getOrDefault("heartbeat", holder.getOrDefault("started", "")));
    } catch (java.time.format.DateTimeParseException e) {
      return "its lock file is unreadable";
    }
    if (beat.plus(STALE_AFTER).isBefore(Instant.now())) {
      return "no heartbeat since " + beat;
    }
    if (hostName().equals(holder.get("host"))) {
      try {
        long pid = Long.parseLong(holder.getOrDefault("pid", "-1"));
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
          return "its process " + pid + " on this host is gone";
        }
      } catch (NumberFormatException e) {
        return "its lock file names no process";
      }
    }
    return null;
  }

  private void beat() {
    try {
      write(fs, file, holder, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not refresh the writer lock {}: {}", file, e.getMessage());
    }
  }

  private static void write(FileSystem fs, Path file, Map<String, String> holder, boolean overwrite)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    synchronized (holder) {
      holder.put("heartbeat", Instant.now().toString());
      holder.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    }
    try (FSDataOutputStream out = fs.create(file, overwrite)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Map<String, String> parse(FileSystem fs, Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (FSDataInputStream in = fs.open(file)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** Stops the heartbeat and removes the lock (only if it is still this run's). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      if (fs.exists(file)
          && holder.get("run_id").equals(parse(fs, file).get("run_id"))
          && !fs.delete(file, false)) {
        LOG.warn("could not remove the writer lock {}", file);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the writer lock {}: {}", file, e.getMessage());
    }
  }
}
