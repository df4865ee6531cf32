package dev.earmark.transforms.values;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What users look for, such as "snore" or "alarm": a set of YAMNet classes, each with its own
 * hysteresis thresholds, and the rule that an event needs {@code minPatches} consecutive patches in
 * which some member class is at or above its on-threshold (one-patch spikes on room tone are
 * typical for some classes). {@code unless} are classes that keep the type off in any patch where
 * they score at or above their {@link TargetClass#onThreshold()}: YAMNet gives a siren Alarm
 * 0.96-1.0, so "alarm" is off where Siren scores high. {@code gates} work the other way: where a
 * type has any, a patch is on only while some gate is at or above its on-threshold (and sustained
 * while at or above its off-threshold), which is how a classifier head confirms a rule. An event
 * carries the type and the member class that scored highest.
 */
public record EventType(String name, List<TargetClass> classes, int minPatches, List<TargetClass> unless,
    List<TargetClass> gates) implements Serializable {
  public EventType {
    Objects.requireNonNull(name, "name");
    unless = List.copyOf(unless);
    gates = List.copyOf(gates);
    if (name.isBlank()) {
      throw new IllegalArgumentException("an event type needs a name");
    }
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("event type '" + name + "' has no classes");
    }
    if (minPatches < 1) {
      throw new IllegalArgumentException("event type '" + name + "': minPatches must be >= 1, got " + minPatches);
    }
  }

  /** A type without classes that keep it off. */
  public EventType(String name, List<TargetClass> classes, int minPatches) {
    this(name, classes, minPatches, List.of(), List.of());
  }

  /** A type without gates. */
  public EventType(String name, List<TargetClass> classes, int minPatches, List<TargetClass> unless) {
    this(name, classes, minPatches, unless, List.of());
  }

  /** A type of one class, named after it: what {@code --classes} selects. */
  public static EventType single(TargetClass cls) {
    return new EventType(cls.displayName(), List.of(cls), 1);
  }

  /**
   * The classes whose scores the pipeline keeps, in the column order of {@link WindowScores}: type by
   * type, its members, then its {@code unless} classes, then its gates. A class is a member of one type only, or the
   * same sound would give two events (and two clips of one name); it may keep any number of types
   * off, but not its own.
   */
  public static List<TargetClass> scoreColumns(List<EventType> types) {
    List<TargetClass> columns = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (EventType type : types) {
      for (TargetClass c : type.classes()) {
        if (!seen.add(c.index())) {
          throw new IllegalArgumentException("class '" + c.displayName() + "' is in more than one event type"
              + " (or twice in '" + type.name() + "'): give each class one type");
        }
        columns.add(c);
      }
      for (TargetClass c : type.unless()) {
        if (type.classes().stream().anyMatch(m -> m.index() == c.index())) {
          throw new IllegalArgumentException("class '" + c.displayName() + "' is both a member of '" + type.name()
              + "' and in its unless list");
        }
        columns.add(c);
      }
      for (TargetClass c : type.gates()) {
        if (type.classes().stream().anyMatch(m -> m.index() == c.index())) {
          throw new IllegalArgumentException("class '" + c.displayName() + "' is both a member of '" + type.name()
              + "' and its gate");
        }
        columns.add(c);
      }
    }
    return columns;
  }
}
