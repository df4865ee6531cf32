/**
 * Runs a large listing as a sequence of bounded jobs: the launcher reads the listing, measures
 * each night's windows, and packs whole nights into slices, so the DirectRunner, which holds a
 * job's in-flight elements in memory, never holds more than one slice.
 */
package dev.earmark.pipeline.slices;
