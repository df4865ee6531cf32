package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.evaluate.EvaluateOptions;
import dev.earmark.pipeline.evaluate.EvaluatedRecording;
import dev.earmark.pipeline.evaluate.Evaluation;
import dev.earmark.pipeline.evaluate.EvaluationInputs;
import dev.earmark.pipeline.evaluate.EvaluationReport;
import dev.earmark.pipeline.evaluate.EvaluationResult;
import dev.earmark.pipeline.evaluate.Synonyms;
import dev.earmark.transforms.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code earmark evaluate --events=<run output root> --listing=<glob> --truth=<glob>}: recall (normal/loud
 * and faint), precision and false events per hour of a run against truth tables; a table on stdout
 * and the same figures as JSON. Exit code 0 when the goals are met, 3 when not (2: bad input).
 */
public final class EvaluateCommand {
  public static final int GOALS_MISSED = 3;

  private EvaluateCommand() {}

  public static int run(String[] args, PrintStream out) throws IOException {
    if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
      printHelp(out);
      return 0;
    }
    PipelineOptionsFactory.register(EvaluateOptions.class);
    EvaluateOptions o = PipelineOptionsFactory.fromArgs(args).withValidation().as(EvaluateOptions.class);
    Synonyms synonyms = o.getSynonyms() == null ? Synonyms.none() : Synonyms.read(Path.of(o.getSynonyms()));
    List<String> notEvaluated = new ArrayList<>();
    List<EvaluatedRecording> recordings = EvaluationInputs.read(o, notEvaluated);
    if (recordings.isEmpty()) {
      throw new IllegalArgumentException("no recording of --listing=" + o.getListing() + " has a truth table in --truth="
          + o.getTruth());
    }
    EvaluationResult result = new Evaluation(synonyms, o.getPadSeconds(), o.getGapSeconds()).evaluate(recordings);
    List<String> missed = EvaluationReport.missedGoals(result, o.getMinRecall(), o.getMaxFalsePerHour());
    out.print(EvaluationReport.table(result));
    if (!notEvaluated.isEmpty()) {
      out.println("not evaluated (no truth table): " + notEvaluated.size() + " recordings, e.g. " + notEvaluated.get(0));
    }
    String json = jsonPath(o);
    if (json != null) {
      FileSystems.setDefaultPipelineOptions(o);
      OutputFiles.writeAtomically(FileSystems.matchNewResource(json, false), EvaluationReport.json(result, missed));
      out.println("figures: " + json);
    }
    out.println(missed.isEmpty() ? "goals met" : "goals missed: " + String.join("; ", missed));
    return missed.isEmpty() ? 0 : GOALS_MISSED;
  }

  private static String jsonPath(EvaluateOptions o) {
    if (o.getJson() != null) {
      return o.getJson();
    }
    Path root = Path.of(o.getEvents());
    return Files.isDirectory(root) ? root.resolve("reports").resolve("evaluation.json").toString() : null;
  }

  static void printHelp(PrintStream out) {
    out.println("usage: earmark evaluate --events=<run output root> --listing=<glob> --truth=<glob> [options]");
    out.println("  Recall (normal/loud and faint), precision and false events per hour of a run against truth");
    out.println("  tables. A detection finds a truth row when their times overlap after padding the truth and its");
    out.println("  type or label is the truth label (or a synonym). Exit code 0: goals met; 3: missed; 2: bad input.");
    out.println();
    Method[] getters = EvaluateOptions.class.getDeclaredMethods();
    Arrays.sort(getters, Comparator.comparing(Method::getName));
    for (Method m : getters) {
      Description d = m.getAnnotation(Description.class);
      if (d == null) {
        continue;
      }
      String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      out.printf("  --%s%s%n      %s%n", name, m.isAnnotationPresent(Validation.Required.class) ? "   (required)" : "",
          d.value());
    }
  }
}
