package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.Planted;

/**
 * Checkpoint files as a hostile or broken storage may hand them back: each is refused within a
 * second by an error that names the checkpoint and what is wrong. Nothing is Java-deserialised:
 * a payload of serialised Java objects is not a checkpoint of this format. The digest in the
 * header is recomputed for the crafted payloads (an attacker can do that), so that the reader's
 * checks, not the digest, are what refuse them.
 */
class CraftedCheckpointTest {
  private static final Planted.Data DATA =
      Planted.experts(200, 2, 2, 2.0, 0.6, false, new double[] {0.6, 0.4}, 3);

  @TempDir
  Path dir;

  private EmConfig config() {
    return new EmConfig().numInit(1).initIterations(2).maxIter(6).tol(1e-12).seed(5)
        .checkpointDir(dir.toString()).checkpointInterval(1);
  }

  private static DataSource data() {
    return InMemorySource.of(DATA.x(), DATA.y(), null);
  }

  private Path file() {
    return dir.resolve(EmCheckpoint.FILE_NAME);
  }

  /** The fit's configured start, into which a checkpoint's components are restored. */
  private static MixtureState linear() {
    return new MixtureState(new LinearExperts(2, 2, 1), new LinearGate(2, 2));
  }

  /** The checkpoints of a fit that starts from {@code start}. */
  private EmCheckpoint checkpoint(MixtureState start) {
    EmCheckpoint c = EmCheckpoint.of(config());
    c.startsFrom(start);
    return c;
  }

  /** A real checkpoint of a linear-gate fit, written by the engine. */
  private EmCheckpoint.Snapshot realCheckpoint() {
    checkpoint(linear()).write(linear(), new EmCheckpoint.Position(3, new double[] {-1,
        -0.5, -0.4}, new int[0], 0.1, 0, false, null, null), config(), data());
    return EmCheckpoint.decode(file());
  }

  /** Writes {@code payload} behind a well-formed header with its true digest. */
  private void writeWithValidHeader(byte[] payload) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.write(EmCheckpoint.MAGIC.getBytes(StandardCharsets.US_ASCII));
    out.writeLong(payload.length);
    out.write(MessageDigest.getInstance("SHA-256").digest(payload));
    out.write(payload);
    Files.write(file(), b.toByteArray());
  }

  private static byte[] serialised(Object o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.toByteArray();
  }

  /** The bytes of {@code r} as a checkpoint's payload. */
  private static byte[] payload(CheckpointRecord r) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      r.writeTo(out);
    }
    return b.toByteArray();
  }

  /**
   * The read fails within a second with a message naming the checkpoint and containing all of
   * {@code expected}.
   */
  private void assertRefused(String... expected) {
    assertRefusedWith(assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> assertThrows(IllegalArgumentException.class,
            () -> checkpoint(linear()).read(config(), data()))), expected);
  }

  private void assertRefusedWith(IllegalArgumentException e, String... expected) {
    assertTrue(e.getMessage().startsWith("checkpointDir '" + dir + "': "
        + EmCheckpoint.FILE_NAME), e.getMessage());
    for (String s : expected) {
      assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
    }
  }

  @Test
  void aRealCheckpointReadsBackWithItsNumbers() {
    EmCheckpoint.Snapshot s = realCheckpoint();
    assertArrayEquals(new double[] {-1, -0.5, -0.4}, s.position().history());
    assertTrue(s.state(linear()).gate() instanceof LinearGate);
  }

  /**
   * Every expert family is written by its own writer: a Poisson state written by the engine
   * reads back with its family and its coefficients bit for bit, and is refused by a fit whose
   * experts are of another type.
   */
  @Test
  void aGlmFamilyCheckpointReadsBackWithItsNumbers() {
    GlmExperts experts = new GlmExperts(GlmFamily.POISSON, 2, 3);
    experts.setCoefficients(0, new double[] {0.25, -1.5, 3.0});
    experts.setCoefficients(1, new double[] {-0.125, 2.0, 0.5});
    MixtureState state = new MixtureState(experts, new HyperModelDirichlet(2));
    checkpoint(state).write(state, new EmCheckpoint.Position(2, new double[] {-3, -2},
        new int[0], 0.5, 0, false, null, null), config(), data());
    EmCheckpoint.Snapshot s = EmCheckpoint.decode(file());
    GlmExperts back = (GlmExperts) s.state(new MixtureState(new GlmExperts(GlmFamily.POISSON,
        2, 3), new HyperModelDirichlet(2))).experts();
    assertEquals(GlmFamily.POISSON, back.family());
    assertArrayEquals(new double[] {0.25, -1.5, 3.0}, back.coefficients(0));
    assertArrayEquals(new double[] {-0.125, 2.0, 0.5}, back.coefficients(1));
    assertRefusedWith(assertThrows(IllegalArgumentException.class, () -> s.state(
        new MixtureState(new GlmExperts(GlmFamily.GAMMA, 2, 3), new HyperModelDirichlet(2)))),
        "is refused: its experts have type 'poisson' but this fit's are 'gamma'");
    assertRefusedWith(assertThrows(IllegalArgumentException.class, () -> s.state(
        new MixtureState(new GlmExperts(GlmFamily.POISSON, 2, 4), new HyperModelDirichlet(2)))),
        "'coefficients' must hold 4 values, found 3");
  }

  @Test
  void aHugeArrayIsRefusedBeforeItIsAllocated() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(1);
    out.writeUTF("history");
    out.writeByte(1);
    out.writeInt(Integer.MAX_VALUE);
    out.writeLong(0);
    writeWithValidHeader(b.toByteArray());
    assertRefused("is not a checkpoint of this format: a length of 2147483647 with 8 bytes");
  }

  @Test
  void deepNestingIsRefused() throws Exception {
    CheckpointRecord root = new CheckpointRecord("crafted");
    CheckpointRecord r = root;
    for (int i = 0; i < 40; i++) {
      r = (CheckpointRecord) r.item("position");
    }
    writeWithValidHeader(payload(root));
    assertRefused("is not a checkpoint of this format: its values are nested deeper than "
        + CheckpointRecord.MAX_DEPTH);
  }

  /**
   * Serialised Java objects behind a valid header (the classic denial-of-service sets, foreign
   * classes, plain arrays) are not read as objects at all: their bytes are not this format.
   */
  @Test
  void serialisedJavaObjectsAreNotCheckpointsOfThisFormat() throws Exception {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    for (int i = 0; i < 100; i++) {
      Set<Object> t1 = new HashSet<>();
      t1.add("x");
      s1.add(t1);
      s1 = t1;
    }
    for (Object o : List.of(root, List.of(new java.net.URL("http://example.org/")),
        new java.util.Date(), new double[] {1, 2}, new int[200_000][0])) {
      writeWithValidHeader(serialised(o));
      assertRefused("is not a checkpoint of this format");
    }
  }

  /** Well-formed values that are not an EM snapshot, or hold an impossible position. */
  @Test
  void wellFormedValuesThatAreNoSnapshotAreRefused() throws Exception {
    CheckpointRecord other = new CheckpointRecord("crafted");
    other.integer("iterations", 3);
    writeWithValidHeader(payload(other));
    assertRefused("holds no EM snapshot");

    checkpoint(linear()).write(linear(), new EmCheckpoint.Position(3, new double[] {-1,
        -0.5, -0.4}, new int[] {7}, 0.1, 0, false, null, null), config(), data());
    assertRefused("is refused: a change at 7 is outside the 3 bounds");
  }

  @Test
  void flippedBytesAreRefusedByTheDigest() throws Exception {
    realCheckpoint();
    byte[] good = Files.readAllBytes(file());
    for (int at : new int[] {good.length - 1, good.length / 2, 60}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x10;
      Files.write(file(), bad);
      assertRefused("does not match its SHA-256 digest");
    }
    byte[] longer = good.clone();
    longer[MAGIC_END] ^= 0x01;
    Files.write(file(), longer);
    assertRefused("truncated or damaged");
    Files.write(file(), java.util.Arrays.copyOf(good, good.length - 3));
    assertRefused("truncated or damaged");
  }

  private static final int MAGIC_END = EmCheckpoint.MAGIC.length() + Long.BYTES - 1;

  @Test
  void plainSerialisationAndShortFilesAreNotCheckpoints() throws Exception {
    Files.write(file(), serialised(new double[] {1, 2}));
    assertRefused("is not a checkpoint");
    Files.write(file(), new byte[] {1, 2, 3});
    assertRefused("is not a checkpoint (3 bytes");
  }

}
