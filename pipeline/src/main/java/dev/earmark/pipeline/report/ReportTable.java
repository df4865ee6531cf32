package dev.earmark.pipeline.report;

import java.util.List;

/** A table both renderers draw, so the markdown and the html always show the same numbers. */
record ReportTable(String id, List<String> headers, List<List<String>> rows) {}
