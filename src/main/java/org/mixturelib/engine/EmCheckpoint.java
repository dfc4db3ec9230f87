package org.mixturelib.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.mixturelib.data.DataSource;
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
 * <p>Resuming from a checkpoint repeats the uninterrupted fit's arithmetic exactly (every
 * random draw is keyed by seed, iteration and row), except for gates with per-row state (the
 * sparse gate), whose per-row posteriors are not in the checkpoint: they restart from the
 * prior, and the resumed fit is close to, not identical with, the uninterrupted one.
 */
public final class EmCheckpoint {
  /** Name of the checkpoint file inside the checkpoint directory. */
  public static final String FILE_NAME = "em-state.ckpt";
  private static final Logger LOG = LoggerFactory.getLogger(EmCheckpoint.class);

  private final Path file;
  private final int interval;

  /**
   * What a checkpoint holds.
   *
   * @param state the parameters after {@code iterations} M-steps
   * @param iterations M-steps done by the continuing run
   * @param history the bound before each of those M-steps
   * @param seed the fit's seed
   * @param modelType the fit's model type
   * @param numRows rows of the data it was fitted to
   * @param totalWeight total case weight of that data
   */
  public record Snapshot(MixtureState state, int iterations, double[] history, long seed,
      ModelType modelType, long numRows, double totalWeight) implements Serializable {
    private static final long serialVersionUID = 1L;
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

  /** The checkpoint file. */
  Path file() {
    return file;
  }

  /** Writes a checkpoint when {@code iterations} is a multiple of the interval. */
  void afterIteration(MixtureState state, int iterations, List<Double> history,
      EmConfig config, DataSource data) {
    if (interval > 0 && iterations % interval == 0) {
      write(state, iterations, history, config, data);
    }
  }

  /** Writes a checkpoint now, atomically replacing the previous one. */
  void write(MixtureState state, int iterations, List<Double> history, EmConfig config,
      DataSource data) {
    Snapshot s = new Snapshot(state, iterations,
        history.stream().mapToDouble(Double::doubleValue).toArray(), config.seed(),
        config.modelType(), data.numRows(), data.totalWeight());
    Path dir = file.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream os = Channels.newOutputStream(ch);
        ObjectOutputStream out = new ObjectOutputStream(os);
        out.writeObject(s);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      LOG.info("checkpoint of iteration {} written to {}", iterations, file);
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
   * seed, model type, dimensions and data (rows and total weight).
   *
   * @throws IllegalArgumentException naming checkpointDir when it belongs to another fit or
   *     cannot be read
   */
  Optional<Snapshot> read(EmConfig config, DataSource data) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Snapshot s;
    try (InputStream in = Files.newInputStream(file);
        ObjectInputStream ois = new ObjectInputStream(in)) {
      s = (Snapshot) ois.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalArgumentException("checkpointDir '" + file.getParent()
          + "': cannot read " + FILE_NAME + " (" + e + ")", e);
    }
    String mismatch = null;
    if (s.seed() != config.seed()) {
      mismatch = "seed " + s.seed() + ", this fit has " + config.seed();
    } else if (s.modelType() != config.modelType()) {
      mismatch = "model type " + s.modelType() + ", this fit has " + config.modelType();
    } else if (s.numRows() != data.numRows() || s.totalWeight() != data.totalWeight()) {
      mismatch = s.numRows() + " rows of total weight " + s.totalWeight() + ", the data has "
          + data.numRows() + " of " + data.totalWeight();
    } else if (s.state().experts().numFeatures() != data.numFeatures()
        || s.state().experts().numOutputs() != data.numOutputs()) {
      mismatch = s.state().experts().numFeatures() + " features and "
          + s.state().experts().numOutputs() + " outputs, the data has "
          + data.numFeatures() + " and " + data.numOutputs();
    }
    if (mismatch != null) {
      throw new IllegalArgumentException("checkpointDir '" + file.getParent()
          + "' holds a checkpoint of another fit: " + mismatch);
    }
    return Optional.of(s);
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
