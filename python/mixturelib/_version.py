"""The package version: the base of the Java artifact's version (0.1.0 for 0.1.0-SNAPSHOT)."""

__version__ = "0.1.0"
