/**
 * How components save themselves: every family of experts and every gate is {@link
 * org.mixturelib.persistence.Persistent}, writing its parameters as named arrays, numbers and
 * strings to a {@link org.mixturelib.persistence.ParameterWriter} under a stable type id (never a
 * class name) and reading them back from a {@link org.mixturelib.persistence.ParameterReader}.
 * The encoding (bit-exact doubles, checksums, the file layout) belongs to the front end that owns
 * the file, so a component never sees it.
 */
package org.mixturelib.persistence;
