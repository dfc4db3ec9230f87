/** Figures written as PNG files (XChart, headless): fitted experts, gates, bounds, criteria. */
package org.mixturelib.plot;
