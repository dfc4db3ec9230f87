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
  /** The suffix of a target's lock file. */
  static final String LOCK = ".mixturelib-lock";
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
      Path p = local ? new Path("file", null, java.nio.file.Paths.get(path).toAbsolutePath()
          .normalize().toString()) : new Path(path);
      return p.getFileSystem(conf).makeQualified(p);
    }
  }

  /**
   * One staged output.
   *
   * @param existed whether an output of this library was at the target when the job started
   * @param lock the lock file that keeps other jobs off the target while this one runs
   */
  private record Stage(Target target, FileSystem fs, Path qualified, Path folder,
      boolean existed, Path lock) {}

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
    List<Path> targetPaths = new ArrayList<>();
    try {
      for (Target t : inputs) {
        Path q = t.qualified(conf);
        FileSystem fs = q.getFileSystem(conf);
        all.add(t);
        qualified.add(real(fs, q));
        FileStatus[] matches = fs.globStatus(q);
        for (FileStatus m : matches == null ? new FileStatus[0] : matches) {
          all.add(t);
          qualified.add(real(fs, m.getPath()));
        }
      }
      for (Target t : targets) {
        Path q = t.qualified(conf);
        all.add(t);
        qualified.add(real(q.getFileSystem(conf), q));
        targetPaths.add(q);
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
          stages.add(stage(conf, t, targetPaths.get(i), overwrite));
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

  /**
   * The real path of {@code p}: symbolic links resolved (on the local disk through the
   * operating system, elsewhere through the file system's own resolution) in its longest
   * existing ancestor, the rest of the path appended; so that a link to a folder relates to
   * the folder.
   */
  static Path real(FileSystem fs, Path p) throws IOException {
    Path existing = p;
    List<String> rest = new ArrayList<>();
    while (existing.getParent() != null && !exists(fs, existing)) {
      rest.add(0, existing.getName());
      existing = existing.getParent();
    }
    Path resolved;
    if ("file".equals(fs.getUri().getScheme())) {
      resolved = new Path("file", null, local(existing).toRealPath().toString());
    } else {
      resolved = fs.resolvePath(existing);
    }
    for (String name : rest) {
      resolved = new Path(resolved, name);
    }
    return resolved;
  }

  /** Whether {@code p} exists (a glob pattern or an unreadable path counts as absent). */
  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Stage stage(Configuration conf, Target t, Path target, boolean overwrite) {
    String what = t.option() + " '" + t.path() + "'";
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path parent = target.getParent();
      Optional<Path> file = fileAbove(fs, parent);
      if (file.isPresent()) {
        throw new UsageException("cannot write " + what + ": '" + file.get()
            + "' is a file, not a folder");
      }
      fs.mkdirs(parent);
      Path lock = lock(fs, t, target);
      boolean existed;
      try {
        removeAbandoned(fs, parent);
        existed = checkExisting(fs, t, target, overwrite);
      } catch (IOException | RuntimeException e) {
        fs.delete(lock, false);
        throw e;
      }
      try {
        Path folder = new Path(parent, "." + target.getName() + TMP + UUID.randomUUID());
        if (!fs.mkdirs(folder)) {
          throw new IOException("mkdirs failed");
        }
        try (OutputStream os = fs.create(new Path(folder, STAGING), false)) {
          os.write(self().getBytes(StandardCharsets.UTF_8));
        }
        return new Stage(t, fs, target, folder, existed, lock);
      } catch (IOException | RuntimeException e) {
        fs.delete(lock, false);
        throw e;
      }
    } catch (IOException e) {
      throw new UsageException("cannot write " + what + " (" + e.getMessage() + ")");
    }
  }

  /**
   * Whether an output is at the target (then it must be this library's and {@code
   * overwrite} given).
   */
  private static boolean checkExisting(FileSystem fs, Target t, Path target, boolean overwrite)
      throws IOException {
    if (!fs.exists(target)) {
      return false;
    }
    if (!overwrite) {
      throw new UsageException("output '" + t.path() + "' already exists; pass --overwrite"
          + " to replace it");
    }
    if (!ours(fs, target)) {
      throw new UsageException(t.option() + " '" + t.path() + "' exists and was not written by"
          + " mixturelib (no " + MARKER + " file in it); --overwrite replaces only this"
          + " library's outputs; remove it yourself or choose another path");
    }
    return true;
  }

  /** Whether {@code p} is a folder this library wrote (it holds the marker). */
  private static boolean ours(FileSystem fs, Path p) throws IOException {
    return fs.getFileStatus(p).isDirectory() && fs.exists(new Path(p, MARKER));
  }

  /**
   * Takes the lock of a target: the file {@code .NAME.lock} beside it, created only if absent
   * (an atomic operation of the file system), holding {@code pid@host}. A lock whose job is
   * gone (same host) or older than {@link #STALE_MILLIS} (another host) is taken over.
   *
   * @throws UsageException naming the path when another job holds the lock
   */
  private static Path lock(FileSystem fs, Target t, Path target) throws IOException {
    Path lock = new Path(target.getParent(), "." + target.getName() + LOCK);
    for (int attempt = 0; ; attempt++) {
      if (createNew(fs, lock)) {
        return lock;
      }
      if (attempt == 0 && exists(fs, lock) && abandoned(fs, lock)) {
        LOG.warn("removed the lock {} of a job that is gone", lock);
        fs.delete(lock, false);
        continue;
      }
      throw new UsageException(t.option() + " '" + t.path() + "' is being written by another"
          + " job (" + owner(fs, lock) + ", lock file '" + lock + "'); wait for it to end or"
          + " choose another path");
    }
  }

  /** Creates {@code file} holding this process's name, only if it does not exist. */
  private static boolean createNew(FileSystem fs, Path file) throws IOException {
    byte[] me = self().getBytes(StandardCharsets.UTF_8);
    if ("file".equals(fs.getUri().getScheme())) {
      try {
        java.nio.file.Files.write(local(fs.makeQualified(file)), me,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream os = fs.create(file, false)) {
      os.write(me);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  /** This process as {@code pid@host}. */
  private static String self() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  /** The job named in a lock or staging marker, as far as it can be read. */
  private static String owner(FileSystem fs, Path file) {
    try (var in = fs.open(file)) {
      return "process " + new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "its lock is unreadable";
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
    return local(out);
  }

  /**
   * A local file system's path as a Java path, from its URI's decoded path ({@code
   * Paths.get(URI)} refuses the raw letters beyond ASCII that Hadoop's URIs keep).
   */
  private static java.nio.file.Path local(Path path) {
    return java.nio.file.Paths.get(path.toUri().getPath());
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
        checkUnchanged(s);
      }
      for (Stage s : stages) {
        if (s.existed()) {
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

  /**
   * Checks, just before the commit, that the target is as the job found it: absent, or an
   * output of this library (then {@code --overwrite} was given). Anything else (a folder or
   * file someone made there meanwhile) is left alone and the commit refused.
   *
   * @throws UsageException naming the path
   */
  private static void checkUnchanged(Stage s) throws IOException {
    boolean now = s.fs().exists(s.qualified());
    if (now != s.existed() || now && !ours(s.fs(), s.qualified())) {
      throw new UsageException(s.target().option() + " '" + s.target().path() + "' "
          + (now ? "was " + (s.existed() ? "replaced" : "created") + " by someone else while"
          + " the job ran" : "was removed while the job ran") + "; it is left as it is and"
          + " this job's results are not saved");
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
        s.fs().delete(s.lock(), false);
      } catch (IOException e) {
        LOG.warn("could not remove the lock {}: {}", s.lock(), e.toString());
      }
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
