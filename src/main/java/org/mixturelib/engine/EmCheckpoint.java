package org.mixturelib.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.mixturelib.data.DataSource;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.localmodels.ExpertFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side checkpoints of a long EM fit: the continuing run's parameters, its iteration
 * count and bound history, and what it was fitted to, in one file {@value #FILE_NAME} under
 * {@link EmConfig#checkpointDir()}. Each write goes to a temporary file in the same directory,
 * is forced to disk, then renamed over the previous checkpoint ({@code ATOMIC_MOVE}), so that a
 * fit killed at any moment leaves either the previous checkpoint or the new one, never a
 * half-written file. A fit that finishes removes its checkpoint.
 *
 * <p>The file is a header ({@value #MAGIC}, the payload's length and its SHA-256) and the
 * payload, the snapshot in Java serialisation. Reading checks the length and the digest before
 * anything is decoded (a flipped byte is refused), then decodes through an {@link
 * ObjectInputFilter} that admits only the snapshot's own types (the engine's records, classes
 * assignable to {@link Gate} or {@link ExpertFamily} (every family of experts), the library's
 * enums, primitive arrays and the boxed primitives) with bounded depth and references and no array longer than the payload,
 * so that a crafted file is refused at once with a message naming the checkpoint, whatever it
 * holds; no other class is ever built.
 *
 * <p>Resuming from a checkpoint repeats the uninterrupted fit's arithmetic exactly (every
 * random draw is keyed by seed, iteration and row), except for gates with per-row state (the
 * sparse gate), whose per-row posteriors are not in the checkpoint: they restart from the
 * prior, and the resumed fit is close to, not identical with, the uninterrupted one.
 */
public final class EmCheckpoint {
  /** Name of the checkpoint file inside the checkpoint directory. */
  public static final String FILE_NAME = "em-state.ckpt";
  /** The first bytes of a checkpoint file (the format's name and version). */
  static final String MAGIC = "MIXCKPT3";
  /** Deepest nesting of objects a snapshot has (records, components, their arrays). */
  static final int MAX_DEPTH = 16;
  /**
   * Most objects and arrays a snapshot holds, or one per 16 bytes of a larger payload (a gate
   * with per-row arrays holds one per row).
   */
  static final long MAX_REFERENCES = 100_000;
  private static final int DIGEST_BYTES = 32;
  private static final int HEADER_BYTES = MAGIC.length() + Long.BYTES + DIGEST_BYTES;
  private static final Logger LOG = LoggerFactory.getLogger(EmCheckpoint.class);

  private final Path file;
  private final int interval;
  /** The model the fit started from (for its identity), or null when resuming without one. */
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
   */
  public record Position(int iterations, double[] history, int[] changes, double lastChange,
      int reseeds, boolean keptDegenerate, Squarem.Memory acceleration) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * What a checkpoint holds.
   *
   * @param state the parameters after {@code position.iterations()} M-steps
   * @param position where the run is
   * @param identity the fit it belongs to: its settings and data
   */
  public record Snapshot(MixtureState state, Position position, FitIdentity identity)
      implements Serializable {
    private static final long serialVersionUID = 3L;
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

  /** Writes a checkpoint when the run's iteration count is a multiple of the interval. */
  void afterIteration(MixtureState state, Position position, EmConfig config,
      DataSource data) {
    if (interval > 0 && position.iterations() % interval == 0) {
      write(state, position, config, data);
    }
  }

  /** Writes a checkpoint now, atomically replacing the previous one. */
  void write(MixtureState state, Position position, EmConfig config, DataSource data) {
    int iterations = position.iterations();
    Snapshot s = new Snapshot(state, position, FitIdentity.of(config, data, start));
    Path dir = file.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(payload)) {
        out.writeObject(s);
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
   * Reads and checks a checkpoint file: header, length and digest first, then the payload
   * through {@link #filter}.
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
    String[] refused = new String[1];
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      ois.setObjectInputFilter(filter(payload.length, refused));
      Object o = ois.readObject();
      if (!(o instanceof Snapshot snapshot) || snapshot.state() == null
          || snapshot.position() == null || snapshot.identity() == null
          || snapshot.identity().settings() == null) {
        throw new IllegalArgumentException(where + " holds no EM snapshot");
      }
      return snapshot;
    } catch (InvalidClassException e) {
      throw new IllegalArgumentException(where + " is refused: it holds " + refused[0]
          + ", which an EM snapshot does not", e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new IllegalArgumentException(where + " cannot be decoded (" + e + ")", e);
    }
  }

  /**
   * The filter of a snapshot's payload: the snapshot's own types only, nesting up to {@link
   * #MAX_DEPTH}, at most {@link #MAX_REFERENCES} objects (or one per 16 bytes), no array longer
   * than the payload.
   *
   * @param payloadBytes the payload's length
   * @param refused receives, in its first element, what was refused
   */
  static ObjectInputFilter filter(long payloadBytes, String[] refused) {
    long maxReferences = Math.max(MAX_REFERENCES, payloadBytes / 16);
    return info -> {
      Class<?> c = info.serialClass();
      if (info.depth() > MAX_DEPTH) {
        refused[0] = "objects nested deeper than " + MAX_DEPTH;
      } else if (info.references() > maxReferences) {
        refused[0] = "more than " + maxReferences + " objects";
      } else if (info.arrayLength() > payloadBytes) {
        refused[0] = "an array of " + info.arrayLength() + " elements in " + payloadBytes
            + " bytes";
      } else if (c != null && !admitted(elementType(c))) {
        refused[0] = "a " + c.getName();
      } else {
        return ObjectInputFilter.Status.ALLOWED;
      }
      return ObjectInputFilter.Status.REJECTED;
    };
  }

  private static Class<?> elementType(Class<?> c) {
    return c.isArray() ? elementType(c.getComponentType()) : c;
  }

  /** Whether a snapshot may hold objects of class {@code c}. */
  private static boolean admitted(Class<?> c) {
    if (c.isPrimitive() || c == Snapshot.class || c == Position.class
        || c == FitIdentity.class || c == String.class
        || c == Squarem.Memory.class || c == MixtureState.class || c == Enum.class || c == Number.class
        || c == Double.class || c == Integer.class || c == Long.class || c == Boolean.class) {
      return true;
    }
    boolean ours = c.getName().startsWith("org.mixturelib.");
    return ours && (c.isEnum() || Gate.class.isAssignableFrom(c)
        || ExpertFamily.class.isAssignableFrom(c));
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
