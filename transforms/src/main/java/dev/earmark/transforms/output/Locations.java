package dev.earmark.transforms.output;

import java.util.regex.Pattern;

/**
 * The one rule for telling a URI with a scheme ({@code gs://bucket/x}, {@code file:///x}) from a
 * plain local path: a path may contain "://" further on, a URI starts with its scheme.
 */
public final class Locations {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  private Locations() {}

  /** True for {@code scheme://...}: read and written through Beam's FileSystems as given. */
  public static boolean hasScheme(String location) {
    return location != null && SCHEME.matcher(location).matches();
  }
}
