package org.mixturelib.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders one job writes, checked and staged before any work starts and put into place
 * together when the whole job has succeeded.
 *
 * <p>{@link #prepare} refuses, before anything is read or fitted, an output that equals,
 * contains or lies inside an input or another output of the job; an existing output without
 * {@code --overwrite}; and, even with it, an existing path that this library did not write (no
 * {@value #MARKER} file inside). It then creates, beside each target, a hidden staging folder
 * {@code .NAME.tmp-UUID} holding a {@value #STAGING} marker (which also proves the place
 * writable). The job fills each staging folder's {@code out/}; {@link #commit} moves the old
 * targets aside and the new folders into place one after the other (renames, so the set
 * changes within milliseconds; a failure on the way puts the old folders back), and {@link
 * #close} removes the staging folders, old outputs included. A job that dies before the commit
 * leaves every earlier output as it was.
 *
 * <p>Staging folders left by killed jobs are removed by the next job that writes beside them,
 * and only those recognised by their name and their marker, whose process is gone (same host)
 * or which are older than {@link #STALE_MILLIS} (another host).
 */
final class OutputSet implements AutoCloseable {
  /** The file in every output folder of this library. */
  static final String MARKER = "_MIXTURELIB";
  /** The file in every staging folder: the writing process as {@code pid@host}. */
  static final String STAGING = "_MIXTURELIB_STAGING";
  /** Age after which a staging folder of another host counts as abandoned: one day. */
  static final long STALE_MILLIS = 24L * 3600 * 1000;
  private static final String TMP = ".tmp-";
  private static final Logger LOG = LoggerFactory.getLogger(OutputSet.class);

  /**
   * A path the job writes.
   *
   * @param option the option that names it ({@code --output}), for messages
   * @param path the path as given
   * @param staged whether the job writes it as a whole folder through this set (otherwise the
   *     path is only checked against the others: a checkpoint folder)
   * @param local whether the path is on the driver's local disk (a report), not on Spark's
   *     default file system
   */
  record Target(String option, String path, boolean staged, boolean local) {
    /** A folder the job writes whole, on Spark's file systems. */
    static Target output(String option, String path) {
      return new Target(option, path, true, false);
    }

    /** A path the job reads (a file, a folder or a glob). */
    static Target input(String option, String path) {
      return new Target(option, path, false, false);
    }

    /** The path qualified on its file system. */
    Path qualified(Configuration conf) throws IOException {
      Path p = local ? new Path(java.nio.file.Paths.get(path).toAbsolutePath().normalize()
          .toUri()) : new Path(path);
      return p.getFileSystem(conf).makeQualified(p);
    }
  }

  /** One staged output. */
  private record Stage(Target target, FileSystem fs, Path qualified, Path folder) {}

  private final List<Stage> stages;
  private boolean committed;

  private OutputSet(List<Stage> stages) {
    this.stages = stages;
  }

  /**
   * Checks every target against the inputs and each other, then creates their staging folders.
   *
   * @param conf the Hadoop configuration
   * @param overwrite whether existing outputs (of this library) may be replaced
   * @param inputs paths the job reads (files, folders or globs), each with its option's name
   * @param targets the paths it writes
   * @throws UsageException naming the paths when they collide, exist, or cannot be written
   */
  static OutputSet prepare(Configuration conf, boolean overwrite, List<Target> inputs,
      List<Target> targets) {
    List<Target> all = new ArrayList<>();
    List<Path> qualified = new ArrayList<>();
    try {
      for (Target t : inputs) {
        Path q = t.qualified(conf);
        all.add(t);
        qualified.add(q);
        FileStatus[] matches = q.getFileSystem(conf).globStatus(q);
        for (FileStatus m : matches == null ? new FileStatus[0] : matches) {
          all.add(t);
          qualified.add(m.getPath());
        }
      }
      for (Target t : targets) {
        all.add(t);
        qualified.add(t.qualified(conf));
      }
    } catch (IOException e) {
      throw new UsageException("cannot look up the job's paths (" + e.getMessage() + ")");
    }
    int firstOutput = all.size() - targets.size();
    for (int i = firstOutput; i < all.size(); i++) {
      for (int j = 0; j < all.size(); j++) {
        String relation = j == i ? null : relation(qualified.get(i), qualified.get(j));
        if (relation != null && (j < firstOutput || j > i)) {
          throw new UsageException(all.get(i).option() + " '" + all.get(i).path() + "' "
              + relation + " " + all.get(j).option() + " '" + all.get(j).path()
              + "'; a job never writes over its own inputs or outputs; choose another path");
        }
      }
    }
    List<Stage> stages = new ArrayList<>();
    OutputSet set = new OutputSet(stages);
    try {
      for (int i = 0; i < targets.size(); i++) {
        Target t = targets.get(i);
        if (t.staged()) {
          stages.add(stage(conf, t, qualified.get(firstOutput + i), overwrite));
        }
      }
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
    return set;
  }

  /** How {@code a} relates to {@code b} ("is", "lies inside", "contains"), or null. */
  private static String relation(Path a, Path b) {
    String x = a.toUri().normalize().toString().replaceAll("/+$", "");
    String y = b.toUri().normalize().toString().replaceAll("/+$", "");
    if (x.equals(y)) {
      return "is";
    }
    if (x.startsWith(y + "/")) {
      return "lies inside";
    }
    if (y.startsWith(x + "/")) {
      return "contains";
    }
    return null;
  }

  private static Stage stage(Configuration conf, Target t, Path target, boolean overwrite) {
    String what = t.option() + " '" + t.path() + "'";
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new UsageException("output '" + t.path() + "' already exists; pass --overwrite"
              + " to replace it");
        }
        if (!fs.getFileStatus(target).isDirectory() || !fs.exists(new Path(target, MARKER))) {
          throw new UsageException(what + " exists and was not written by mixturelib (no "
              + MARKER + " file in it); --overwrite replaces only this library's outputs;"
              + " remove it yourself or choose another path");
        }
      }
      Path parent = target.getParent();
      Optional<Path> file = fileAbove(fs, parent);
      if (file.isPresent()) {
        throw new UsageException("cannot write " + what + ": '" + file.get()
            + "' is a file, not a folder");
      }
      fs.mkdirs(parent);
      removeAbandoned(fs, parent);
      Path folder = new Path(parent, "." + target.getName() + TMP + UUID.randomUUID());
      if (!fs.mkdirs(folder)) {
        throw new IOException("mkdirs failed");
      }
      try (OutputStream os = fs.create(new Path(folder, STAGING), false)) {
        os.write(ManagementFactory.getRuntimeMXBean().getName().getBytes(
            StandardCharsets.UTF_8));
      }
      return new Stage(t, fs, target, folder);
    } catch (IOException e) {
      throw new UsageException("cannot write " + what + " (" + e.getMessage() + ")");
    }
  }

  /** The nearest existing ancestor of {@code p} (or {@code p}) when it is a file. */
  private static Optional<Path> fileAbove(FileSystem fs, Path p) throws IOException {
    for (Path q = p; q != null; q = q.getParent()) {
      if (fs.exists(q)) {
        return fs.getFileStatus(q).isFile() ? Optional.of(q) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Removes this library's abandoned staging folders in {@code parent}. */
  private static void removeAbandoned(FileSystem fs, Path parent) throws IOException {
    for (FileStatus s : fs.listStatus(parent)) {
      String name = s.getPath().getName();
      Path marker = new Path(s.getPath(), STAGING);
      if (s.isDirectory() && name.startsWith(".") && name.contains(TMP) && fs.exists(marker)
          && abandoned(fs, marker)) {
        Path old = new Path(s.getPath(), "old");
        Path target = new Path(parent, name.substring(1, name.lastIndexOf(TMP)));
        if (fs.exists(old) && !fs.exists(target)) {
          rename(fs, old, target);
          LOG.warn("restored {}, which a killed job had moved aside", target);
        }
        fs.delete(s.getPath(), true);
      }
    }
  }

  private static boolean abandoned(FileSystem fs, Path marker) throws IOException {
    String owner;
    try (var in = fs.open(marker)) {
      owner = new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
    }
    String self = ManagementFactory.getRuntimeMXBean().getName();
    int at = owner.indexOf('@');
    if (at > 0 && owner.substring(at).equals(self.substring(self.indexOf('@')))) {
      try {
        return ProcessHandle.of(Long.parseLong(owner.substring(0, at))).isEmpty();
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return System.currentTimeMillis() - fs.getFileStatus(marker).getModificationTime()
        > STALE_MILLIS;
  }

  /**
   * The folder the job fills for {@code option}: it does not exist yet (Spark's writers create
   * it); {@link #localFolder} creates it for writers that need it to exist.
   */
  String folder(String option) {
    return new Path(find(option).folder(), "out").toString();
  }

  /** The folder for {@code option} on the local disk, created empty. */
  java.nio.file.Path localFolder(String option) {
    Stage s = find(option);
    Path out = new Path(s.folder(), "out");
    try {
      s.fs().mkdirs(out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + s.target().option() + " '"
          + s.target().path() + "'", e);
    }
    return java.nio.file.Paths.get(out.toUri());
  }

  private Stage find(String option) {
    for (Stage s : stages) {
      if (s.target().option().equals(option)) {
        return s;
      }
    }
    throw new IllegalStateException("no staged output " + option);
  }

  /**
   * Marks every filled folder as this library's and puts them all into place, replacing the
   * old ones; on a failure the old ones are put back.
   */
  void commit() {
    List<Stage> moved = new ArrayList<>();
    List<Stage> asideDone = new ArrayList<>();
    try {
      for (Stage s : stages) {
        s.fs().create(new Path(s.folder(), "out/" + MARKER), true).close();
      }
      for (Stage s : stages) {
        if (s.fs().exists(s.qualified())) {
          rename(s.fs(), s.qualified(), new Path(s.folder(), "old"));
          asideDone.add(s);
        }
      }
      for (Stage s : stages) {
        rename(s.fs(), new Path(s.folder(), "out"), s.qualified());
        moved.add(s);
      }
      committed = true;
    } catch (IOException e) {
      for (Stage s : moved) {
        undo(() -> rename(s.fs(), s.qualified(), new Path(s.folder(), "out")));
      }
      for (Stage s : asideDone) {
        undo(() -> rename(s.fs(), new Path(s.folder(), "old"), s.qualified()));
      }
      throw new UncheckedIOException("could not put the outputs into place", e);
    }
  }

  /** A step of the roll-back. */
  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  private static void undo(Step step) {
    try {
      step.run();
    } catch (IOException ignored) {
      // the first failure is the one reported; the old folder stays in the staging folder
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  /**
   * Removes the staging folders (with the replaced outputs after a commit); a staging folder
   * that still holds an old output after a failed roll-back is kept, and named in the log.
   */
  @Override
  public void close() {
    for (Stage s : stages) {
      try {
        if (!committed && s.fs().exists(new Path(s.folder(), "old"))) {
          LOG.error("the previous {} is kept in {}", s.target().option(), s.folder());
          continue;
        }
        s.fs().delete(s.folder(), true);
      } catch (IOException ignored) {
        // the next job writing beside it removes it
      }
    }
  }
}
