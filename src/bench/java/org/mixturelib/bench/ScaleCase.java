package org.mixturelib.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;

/**
 * Rows beyond the machine's memory (issue 26): the planted rows written once to Parquet by
 * Spark itself (reused when present), read back as a Spark user would, cached as blocks with a
 * storage level that spills ({@code DISK_ONLY} by default), then the default fit. Kind {@code
 * scale} of {@link BenchCase}; the case runs at N and, with option {@code compare} (a smaller
 * N, e.g. {@code compare=1e7}), first at that size in the same JVM, so that the time per pass
 * at both sizes and their ratio come from one run. Options: {@code dir} (where the Parquet
 * files go, default {@code /work/bigdata}), {@code level} (a {@link StorageLevel} name), and
 * those of the fit ({@code numInit}, {@code maxIter}, ...). Per size (keys prefixed by the
 * size, e.g. {@code 1e8.fitS}): rows, partitions, Parquet size and the seconds to write it
 * (when written in this run), load seconds, the fit's figures, peak heap during the load and
 * during the fit, GC seconds, the bytes the block manager holds on disk (the files under its
 * local directories and Spark's own storage figures) and the load average before and after.
 * The block manager's directories are under {@code spark.local.dir} (pass it as {@code
 * -Dspark.local.dir=...}). Both sizes must be above the engine's {@code localRows} (50,000 by
 * default), or the fit runs on the driver and makes no pass over the cached blocks.
 */
final class ScaleCase {
  private ScaleCase() {}

  static void run(SparkSession spark, long n, int d, int k, Map<String, String> opt,
      Map<String, Object> out) throws IOException {
    StorageLevel level = StorageLevel.fromString(opt.getOrDefault("level", "DISK_ONLY"));
    out.put("level", level.description());
    out.put("localDirs", String.join(",", Stream.of(blockManagerDirs())
        .map(File::getPath).toList()));
    // the warm-up fit (N = 20,000) skips the comparison
    long small = (long) Double.parseDouble(opt.getOrDefault("compare", "0"));
    boolean compare = small > 0 && small < n;
    if (compare) {
      atSize(spark, small, d, k, level, opt, out);
    }
    atSize(spark, n, d, k, level, opt, out);
    if (compare) {
      String big = label(n);
      String smaller = label(small);
      double ratio = (double) out.get(big + ".sPerIter") / (double) out.get(smaller + ".sPerIter");
      out.put("sPerIterRatio", ratio);
      out.put("medianPassRatio", (double) out.get(big + ".medianEPassS")
          / (double) out.get(smaller + ".medianEPassS"));
    }
  }

  private static void atSize(SparkSession spark, long n, int d, int k, StorageLevel level,
      Map<String, String> opt, Map<String, Object> all) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("loadAvgBefore", loadAverage());
    Path parquet = Paths.get(opt.getOrDefault("dir", "/work/bigdata"),
        "planted-" + n + "-" + d + "-" + k + ".parquet");
    if (!Files.exists(parquet.resolve("_SUCCESS"))) {
      long t = System.nanoTime();
      int files = (int) Math.max(2, n / 250_000);
      BenchCase.frame(spark, new PlantedSpec(d, k, BenchCase.SEED, false), n, files, false)
          .write().mode(SaveMode.Overwrite).parquet(parquet.toString());
      out.put("writeS", seconds(t));
    }
    out.put("parquetMb", megabytes(parquet));

    Memory.resetPeaks();
    double gc0 = gcSeconds();
    long t0 = System.nanoTime();
    Dataset<Row> rows = spark.read().parquet(parquet.toString());
    SparkSource source = SparkSource.fromDataset(rows,
        new SparkSource.Columns("features", "label", null, true), BlockBuilder.DEFAULT_CAPACITY,
        2, level);
    out.put("loadS", seconds(t0));
    out.put("rows", source.numRows());
    out.put("partitions", rows.rdd().getNumPartitions());
    out.put("loadPeakHeapMb", Math.round(Memory.peakHeapMb()));
    long memory = 0;
    long disk = 0;
    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      memory += info.memSize();
      disk += info.diskSize();
    }
    out.put("cachedMemoryMb", memory / 1048576);
    out.put("cachedDiskMb", disk / 1048576);
    long localBytes = 0;
    for (File dir : blockManagerDirs()) {
      localBytes += bytes(dir.toPath());
    }
    out.put("localDirMb", localBytes / 1048576);

    Map<String, Object> fit = new LinkedHashMap<>();
    BenchCase.fitTimed(source, PassCase.init(d, k), opt, fit);
    out.putAll(fit);
    out.put("fitPeakHeapMb", Math.round(Memory.peakHeapMb()));
    out.put("gcS", gcSeconds() - gc0);
    out.put("loadAvgAfter", loadAverage());
    String prefix = label(n) + ".";
    out.forEach((key, v) -> all.put(prefix + key, v));
    // this size's figures at once: the next size may run for an hour
    StringBuilder line = new StringBuilder("SIZE\t").append(prefix, 0, prefix.length() - 1);
    out.forEach((key, v) -> line.append('\t').append(key).append('=').append(v));
    System.out.println(line);
  }

  /** The block manager's local directories (where DISK_ONLY blocks and spills go). */
  private static File[] blockManagerDirs() {
    return SparkEnv.get().blockManager().diskBlockManager().localDirs();
  }

  /** 1e8 for 100000000, 20000 for 20000. */
  private static String label(long n) {
    int e = (int) Math.floor(Math.log10(n));
    return Math.pow(10, e) == n ? "1e" + e : Long.toString(n);
  }

  private static long bytes(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // a file removed while walking
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private static long megabytes(Path dir) {
    return bytes(dir) / 1048576;
  }

  private static double gcSeconds() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms / 1000.0;
  }

  /** The 1, 5 and 15 minute load averages, or "?" where /proc is absent. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
      return String.format(Locale.ROOT, "%s/%s/%s", f[0], f[1], f[2]);
    } catch (IOException e) {
      return "?";
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
