package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.evaluate.EvaluateOptions;
import dev.earmark.pipeline.evaluate.EvaluatedRecording;
import dev.earmark.pipeline.evaluate.Evaluation;
import dev.earmark.pipeline.evaluate.EvaluationInputs;
import dev.earmark.pipeline.evaluate.EvaluationReport;
import dev.earmark.pipeline.evaluate.EvaluationResult;
import dev.earmark.pipeline.evaluate.Synonyms;
import dev.earmark.transforms.output.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/**
 * {@code earmark evaluate --events=<run output root> --listing=<glob> --truth=<glob>}: recall (normal/loud
 * and faint), precision and false events per hour of a run against truth tables; a table on stdout
 * and the same figures as JSON. Exit code 0 when the goals are met, 3 when not (2: bad input).
 */
public final class EvaluateCommand implements Command<EvaluateOptions> {
  public static final int GOALS_MISSED = 3;

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "Recall (normal/loud and faint), precision and false events per hour of a run against truth tables. "
        + "A detection finds a truth row when their times overlap after padding the truth and its type or "
        + "label is the truth label (or a synonym).";
  }

  @Override
  public String synopsis() {
    return "--events=<run output root> --listing=<glob> --truth=<glob> [options]";
  }

  @Override
  public Class<EvaluateOptions> optionsType() {
    return EvaluateOptions.class;
  }

  @Override
  public String epilog() {
    return "exit codes: 0 goals met, " + GOALS_MISSED + " goals missed, " + CommandLine.USAGE_ERROR
        + " bad options or truth tables, " + CommandLine.FAILED + " failed";
  }

  @Override
  public int run(EvaluateOptions o, PrintStream out, PrintStream err) throws IOException {
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
}
