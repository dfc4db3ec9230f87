package org.mixturelib.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.RowValues;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Persistent;
import org.mixturelib.persistence.Resumable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side checkpoints of a long EM fit: the continuing run's parameters, its position (the
 * loop's parts' own values) and what it was fitted to, in one file {@value #FILE_NAME} under
 * {@link EmConfig#checkpointDir()}. Each write goes to a temporary file in the same directory,
 * is forced to disk, then renamed over the previous checkpoint ({@code ATOMIC_MOVE}), so that a
 * fit killed at any moment leaves either the previous checkpoint or the new one, never a
 * half-written file. A fit that finishes removes its checkpoint.
 *
 * <p>The file is a header ({@value #MAGIC}, the payload's length and its SHA-256) and the
 * payload: named values ({@code CheckpointRecord}) holding the fit's identity ({@link
 * FitIdentity}), the position and the state. The experts and the gate are written the way a
 * saved model holds them, by their own {@link Persistent#writeParameters} under their type id,
 * plus, for a {@link Resumable} component, its record of the fit in progress; so any
 * registered family or gate checkpoints. Reading checks the length and the digest before
 * anything is decoded (a flipped byte is refused), then every value's kind and length; the
 * components are restored into a copy of the fit's configured start, whose type ids they must
 * have and whose readers refuse values that do not fit. Nothing is Java-deserialised.
 *
 * <p>Resuming from a checkpoint repeats the uninterrupted fit's arithmetic exactly (every
 * random draw is keyed by seed, iteration and row). A gate with per-row state (the sparse gate)
 * has its per-object posteriors in the position, keyed by each object's row, so that they are
 * restored on rows blocked and partitioned otherwise.
 */
public final class EmCheckpoint {
  /** Name of the checkpoint file inside the checkpoint directory. */
  public static final String FILE_NAME = "em-state.ckpt";
  /** The first bytes of a checkpoint file (the format's name and version). */
  static final String MAGIC = "MIXCKPT4";
  private static final int DIGEST_BYTES = 32;
  private static final int HEADER_BYTES = MAGIC.length() + Long.BYTES + DIGEST_BYTES;
  private static final Logger LOG = LoggerFactory.getLogger(EmCheckpoint.class);

  private final Path file;
  private final int interval;
  /** The model the fit starts from, or the configured start of a resumed fit (its identity). */
  private MixtureState start;

  /**
   * Where the continuing run is: what its next iterations depend on besides the parameters.
   *
   * @param iterations M-steps done
   * @param history the bound before each of those M-steps
   * @param changes the indices of {@code history} at which the model changed (a component
   *     re-seeded or removed)
   * @param lastChange the last comparable change of the bound per unit weight (for the
   *     convergence test), or NaN
   * @param reseeds degenerate components re-seeded so far
   * @param keptDegenerate whether a degenerate component that could not be removed was reported
   * @param acceleration the accelerated EM's cycle in progress, or null (plain EM)
   * @param rowStates the gate's per-row state keyed by object, or null (a gate without one)
   */
  public record Position(int iterations, double[] history, int[] changes, double lastChange,
      int reseeds, boolean keptDegenerate, Squarem.Memory acceleration, RowValues rowStates) {}

  /**
   * What a checkpoint holds: its position and identity, and its components' saved values, which
   * {@link #state} restores into the fit's configured components.
   *
   * @param position where the run is
   * @param identity the fit it belongs to: its settings and data
   * @param saved the payload, holding the state (and the acceleration's fallback state)
   */
  record Snapshot(Position position, FitIdentity identity, CheckpointRecord saved) {
    /**
     * The parameters after {@code position().iterations()} M-steps, restored into a copy of
     * {@code configured} (the fit's start: its components' settings and sizes).
     *
     * @throws IllegalArgumentException when the saved components do not fit {@code configured}
     */
    public MixtureState state(MixtureState configured) {
      return readState(saved.item1("state"), configured);
    }

    /** The position with the acceleration's fallback restored into copies of {@code configured}. */
    Position position(MixtureState configured) {
      if (!saved.item1("position").has("acceleration")) {
        return position;
      }
      CheckpointRecord a = saved.item1("position").item1("acceleration");
      Squarem.Memory m = position.acceleration();
      MixtureState fallback = a.has("fallback") ? readState(a.item1("fallback"), configured)
          : null;
      return new Position(position.iterations(), position.history(), position.changes(),
          position.lastChange(), position.reseeds(), position.keptDegenerate(),
          new Squarem.Memory(m.stepMax(), m.start(), fallback, m.atMax()),
          position.rowStates());
    }
  }

  private EmCheckpoint(Path file, int interval) {
    this.file = file;
    this.interval = interval;
  }

  /** The checkpoints that {@code config} asks for, or null without a checkpoint directory. */
  static EmCheckpoint of(EmConfig config) {
    if (config.checkpointDir() == null) {
      return null;
    }
    return new EmCheckpoint(Paths.get(config.checkpointDir()).resolve(FILE_NAME),
        config.checkpointInterval());
  }

  /** Records the model the fit starts from, part of its identity ({@link FitIdentity}). */
  void startsFrom(MixtureState initial) {
    start = initial;
  }

  /** The checkpoint file. */
  Path file() {
    return file;
  }

  /** Whether a checkpoint is due after {@code iterations} M-steps (a multiple of the interval). */
  boolean due(int iterations) {
    return interval > 0 && iterations % interval == 0;
  }

  /** Writes a checkpoint now, atomically replacing the previous one. */
  void write(MixtureState state, Position position, EmConfig config, DataSource data) {
    int iterations = position.iterations();
    Path dir = file.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
      CheckpointRecord root = new CheckpointRecord(FILE_NAME);
      writeIdentity((CheckpointRecord) root.item("identity"),
          FitIdentity.of(config, data, start));
      writePosition((CheckpointRecord) root.item("position"), position);
      writeState(root.item("state"), state);
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(payload)) {
        root.writeTo(out);
      }
      byte[] bytes = payload.toByteArray();
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        DataOutputStream os = new DataOutputStream(Channels.newOutputStream(ch));
        os.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        os.writeLong(bytes.length);
        os.write(sha256(bytes));
        os.write(bytes);
        os.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      LOG.debug("checkpoint of iteration {} written to {}", iterations, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the EM checkpoint to checkpointDir '" + dir
          + "'", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; that error is the one to report
        }
      }
    }
  }

  private static void writeIdentity(CheckpointRecord out, FitIdentity id) {
    for (String s : id.settings()) {
      out.item("settings").text("setting", s);
    }
    out.integer("settingCount", id.settings().length);
    out.text("numRows", Long.toString(id.numRows()));
    out.number("totalWeight", id.totalWeight());
    out.text("contentHash", Long.toHexString(id.contentHash()));
  }

  private static FitIdentity readIdentity(CheckpointRecord in) {
    int count = in.integer("settingCount");
    if (count < 0) {
      throw in.corrupt("'settingCount' is " + count);
    }
    String[] settings = in.items("settings", count).stream().map(r -> r.text("setting"))
        .toArray(String[]::new);
    try {
      return new FitIdentity(settings, Long.parseLong(in.text("numRows")),
          in.number("totalWeight"), Long.parseUnsignedLong(in.text("contentHash"), 16));
    } catch (NumberFormatException e) {
      throw in.corrupt("the data's row count or fingerprint is not a number");
    }
  }

  private static void writePosition(CheckpointRecord out, Position p) {
    out.integer("iterations", p.iterations());
    out.doubles("history", p.history());
    out.ints("changes", p.changes());
    out.number("lastChange", p.lastChange());
    out.integer("reseeds", p.reseeds());
    out.flag("keptDegenerate", p.keptDegenerate());
    Squarem.Memory m = p.acceleration();
    if (m != null) {
      CheckpointRecord a = (CheckpointRecord) out.item("acceleration");
      a.number("stepMax", m.stepMax());
      a.flag("atMax", m.atMax());
      if (m.start() != null) {
        a.doubles("start", m.start());
      }
      if (m.fallback() != null) {
        writeState(a.item("fallback"), m.fallback());
      }
    }
    RowValues rows = p.rowStates();
    if (rows != null) {
      CheckpointRecord r = (CheckpointRecord) out.item("rowStates");
      r.integer("width", rows.width());
      r.doubles("keys", java.util.Arrays.stream(rows.keys()).mapToDouble(k -> k).toArray());
      r.doubles("values", rows.values());
    }
  }

  /** The position without the acceleration's fallback state (see {@link Snapshot#position}). */
  private static Position readPosition(CheckpointRecord in) {
    int iterations = in.integer("iterations");
    double[] history = in.doubles("history");
    int[] changes = in.ints("changes");
    int reseeds = in.integer("reseeds");
    if (iterations < 0 || history.length > iterations + 1 || reseeds < 0) {
      throw in.corrupt("the position (" + iterations + " iterations, " + history.length
          + " bounds, " + reseeds + " re-seeds) is impossible");
    }
    for (int c : changes) {
      if (c < 0 || c > history.length) {
        throw in.corrupt("a change at " + c + " is outside the " + history.length + " bounds");
      }
    }
    Squarem.Memory memory = null;
    if (in.has("acceleration")) {
      CheckpointRecord a = in.item1("acceleration");
      double stepMax = a.number("stepMax");
      if (!(stepMax >= 1) || Double.isInfinite(stepMax)) {
        throw in.corrupt("the acceleration's step bound is " + stepMax);
      }
      memory = new Squarem.Memory(stepMax, a.has("start") ? a.doubles("start") : null, null,
          a.flag("atMax"));
    }
    return new Position(iterations, history, changes, in.number("lastChange"), reseeds,
        in.flag("keptDegenerate"), memory, in.has("rowStates")
            ? readRowStates(in.item1("rowStates")) : null);
  }

  /** The per-row state: whole non-negative keys and finite values, {@code width} per key. */
  private static RowValues readRowStates(CheckpointRecord in) {
    int width = in.integer("width");
    double[] keys = in.doubles("keys");
    double[] values = in.doubles("values");
    if (width < 1 || values.length != (long) keys.length * width) {
      throw in.corrupt("the per-row state holds " + values.length + " values for "
          + keys.length + " objects of width " + width);
    }
    long[] whole = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      whole[i] = (long) keys[i];
      if (!(keys[i] >= 0) || whole[i] != keys[i]) {
        throw in.corrupt("the per-row state has the row key " + keys[i]);
      }
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw in.corrupt("the per-row state holds the value " + v);
      }
    }
    return new RowValues(whole, values, width);
  }

  private static void writeState(ParameterWriter out, MixtureState state) {
    out.integer("components", state.k());
    writeComponent(out.item("experts"), state.experts());
    writeComponent(out.item("gate"), state.gate());
  }

  /** A component as its type id, what it writes of itself and its record of the fit. */
  private static void writeComponent(ParameterWriter out, Persistent c) {
    out.text("type", c.typeId());
    c.writeParameters(out.item("parameters"));
    if (c instanceof Resumable r) {
      r.writeProgress(out.item("progress"));
    }
  }

  /**
   * The saved state restored into a copy of {@code configured} (over its first components when
   * the run had removed some).
   */
  private static MixtureState readState(CheckpointRecord in, MixtureState configured) {
    int k = in.integer("components");
    if (k < 1 || k > configured.k()) {
      throw in.corrupt("it holds " + k + " components; this fit has " + configured.k());
    }
    int[] first = new int[k];
    Arrays.setAll(first, i -> i);
    MixtureState into = k == configured.k() ? configured.copy() : configured.restrictTo(first);
    readComponent(in.item1("experts"), into.experts(), "experts");
    readComponent(in.item1("gate"), into.gate(), "gate");
    return into;
  }

  private static void readComponent(CheckpointRecord in, Persistent into, String what) {
    String type = in.text("type");
    if (!type.equals(into.typeId())) {
      throw in.corrupt("its " + what + " have type '" + type + "' but this fit's are '"
          + into.typeId() + "'");
    }
    into.readParameters(in.item1("parameters"));
    if (into instanceof Resumable r) {
      r.readProgress(in.item1("progress"));
    }
  }

  /**
   * Reads the checkpoint, if there is one, and checks that it belongs to this fit: the same
   * settings and data ({@link FitIdentity}).
   *
   * @throws IllegalArgumentException naming checkpointDir and the first difference when it
   *     belongs to another fit, or what is wrong when it cannot be read
   */
  Optional<Snapshot> read(EmConfig config, DataSource data) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Snapshot s = decode(file);
    String mismatch = FitIdentity.of(config, data, start).difference(s.identity());
    if (mismatch != null) {
      throw new IllegalArgumentException("checkpointDir '" + file.getParent()
          + "' holds a checkpoint of another fit: " + mismatch + "; remove it, or give this"
          + " fit another checkpointDir");
    }
    return Optional.of(s);
  }

  /**
   * Reads and checks a checkpoint file: header, length and digest first, then every value's
   * kind and length, the identity and the position (the components are restored by {@link
   * Snapshot#state}).
   *
   * @throws IllegalArgumentException naming the checkpoint when the file is damaged, tampered
   *     with or not a checkpoint
   */
  static Snapshot decode(Path file) {
    String where = "checkpointDir '" + file.getParent() + "': " + FILE_NAME;
    byte[] payload;
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      long size = Files.size(file);
      byte[] magic = new byte[MAGIC.length()];
      if (size < HEADER_BYTES) {
        throw new IllegalArgumentException(where + " is not a checkpoint (" + size
            + " bytes, shorter than the header)");
      }
      in.readFully(magic);
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new IllegalArgumentException(where + " is not a checkpoint of this library"
            + " version (it does not start with " + MAGIC + ")");
      }
      long length = in.readLong();
      if (length != size - HEADER_BYTES || length > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(where + " is truncated or damaged (its header gives "
            + length + " payload bytes, the file has " + (size - HEADER_BYTES) + ")");
      }
      byte[] digest = new byte[DIGEST_BYTES];
      in.readFully(digest);
      payload = in.readNBytes((int) length);
      if (!MessageDigest.isEqual(digest, sha256(payload))) {
        throw new IllegalArgumentException(where + " does not match its SHA-256 digest (the"
            + " file is damaged or was edited)");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " cannot be read (" + e + ")", e);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      CheckpointRecord root = CheckpointRecord.readFrom(in, where, 0);
      if (in.available() > 0) {
        throw CheckpointRecord.malformed(where, in.available() + " bytes follow its values");
      }
      if (!root.has("identity") || !root.has("position") || !root.has("state")) {
        throw new IllegalArgumentException(where + " holds no EM snapshot");
      }
      return new Snapshot(readPosition(root.item1("position")),
          readIdentity(root.item1("identity")), root);
    } catch (IOException e) {
      throw CheckpointRecord.malformed(where, "its values end early or hold a malformed text ("
          + e + ")");
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Removes the checkpoint (the fit finished). */
  void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove the finished fit's checkpoint {}: {}", file, e.toString());
    }
  }
}
