package org.mixturelib.jobs;

/**
 * A mistake in the command line or the data that the user can fix: the job prints its message
 * as one line and exits with code 2.
 */
final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
