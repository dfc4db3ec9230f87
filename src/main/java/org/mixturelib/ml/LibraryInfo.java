package org.mixturelib.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * What this jar is: its artifact, version, Scala line and the Spark it was built against, read
 * from {@code org/mixturelib/library.properties} (written by Maven's resource filtering). The
 * Python package calls it on first use to check that the JVM holds the classes of its own
 * version, and {@link #copies()} finds several mixturelib jars on one classpath.
 */
public final class LibraryInfo {
  /** The resource every mixturelib jar carries. */
  static final String RESOURCE = "org/mixturelib/library.properties";

  private static final Properties OWN = load(LibraryInfo.class.getClassLoader()
      .getResource(RESOURCE));

  private LibraryInfo() {
  }

  /** The Maven artifact id, e.g. {@code mixturelib-spark_2.12}. */
  public static String artifactId() {
    return OWN.getProperty("artifactId");
  }

  /** The Maven version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return OWN.getProperty("version");
  }

  /** The version without its qualifier ({@code 0.1.0} for {@code 0.1.0-SNAPSHOT}). */
  public static String baseVersion() {
    return baseVersion(version());
  }

  /** The Scala binary version the jar is built for, e.g. {@code 2.12}. */
  public static String scalaBinaryVersion() {
    return OWN.getProperty("scalaBinaryVersion");
  }

  /** The Spark version the jar is built against, e.g. {@code 3.5.9}. */
  public static String sparkVersion() {
    return OWN.getProperty("sparkVersion");
  }

  /** Where this class was loaded from (a jar or a classes folder), or "" when unknown. */
  public static String location() {
    CodeSource source = LibraryInfo.class.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? ""
        : source.getLocation().toString();
  }

  /**
   * Every mixturelib jar visible to the calling thread's class loader and to this class's, one
   * line each: {@code <artifactId> <version> at <resource URL>}. More than one line means
   * several copies on one classpath, where whichever comes first wins class by class.
   */
  public static String[] copies() {
    Set<URL> urls = new LinkedHashSet<>();
    for (ClassLoader loader : new ClassLoader[] {
        Thread.currentThread().getContextClassLoader(), LibraryInfo.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      try {
        urls.addAll(Collections.list(loader.getResources(RESOURCE)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + RESOURCE, e);
      }
    }
    List<String> lines = new ArrayList<>();
    for (URL url : urls) {
      Properties p = load(url);
      lines.add(p.getProperty("artifactId") + " " + p.getProperty("version") + " at " + url);
    }
    return lines.toArray(new String[0]);
  }

  /** The base of a Maven version: everything before the first '-'. */
  static String baseVersion(String version) {
    int dash = version.indexOf('-');
    return dash < 0 ? version : version.substring(0, dash);
  }

  private static Properties load(URL url) {
    if (url == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the mixturelib jar");
    }
    Properties p = new Properties();
    try (InputStream in = url.openStream()) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url, e);
    }
    return p;
  }
}
