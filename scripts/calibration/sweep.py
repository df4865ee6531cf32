#!/usr/bin/env python3
"""Threshold sweep behind the built-in event types (a calibration aid, not part of the build).

Reads YAMNet's per-patch scores of every night of one split (earmark classify --scoresCsv, one
CSV per night in SCORES/<night>.csv) and the split's truth tables, replays earmark's event rules
(hysteresis over a type's member classes, minPatches, 1 s merge gap, 0.48 s minimum; the same
span arithmetic as EventDetector) and scores them as `earmark evaluate` does (truth padded by 1 s,
false events 3 s or more from any truth row, or on a night without events).

usage: sweep.py SCORES TRUTH_DIR TYPES_JSON [--best [--write OUT_JSON] | --twofold SCORES_B TRUTH_DIR_B]
  prints per type: recall normal/loud, faint, false events (gaps + nights without events), and for
  every missed event the best score any member class reached on it. --best tries on-thresholds
  per-class on-thresholds 0.05..0.95 (off = on / 2) and minPatches 1..3 per type and prints the
  settings with no false event and the best normal/loud, then faint recall (ties: the highest
  threshold). A type's "unless" list is replayed, not tuned. "on other types" counts events that lie
  on another type's truth row only: not false events, but the wrong type for a user.
  --write saves TYPES_JSON with the tuned thresholds and minPatches (everything else kept) to
  OUT_JSON, laid out as the built-in event-types.json, so the defaults are this command's output.
  --twofold: how firm --best is: tunes on the first split and measures on the second (B), then the
  other way round, and prints both and their sum (events found, false events, precision: the share
  of events that lie on a truth row of their own type).
"""
import csv, json, sys, glob, os
import numpy as np

HOP, PATCH = 0.48, 0.975

def span(first, last):
    s = first * HOP + PATCH - HOP / 2
    e = last * HOP + HOP / 2
    if e - s < HOP:
        c = (first * HOP + last * HOP + PATCH) / 2
        s, e = c - HOP / 2, c + HOP / 2
    return max(0.0, s), e

def detect(scores, members, min_patches, vetoes=()):
    """members: list of (column, on, off); vetoes: list of (column, threshold): a patch where a
    veto class scores at or above its threshold is neither on nor sustained. Returns [(start, end)]."""
    on = np.zeros(len(scores), bool)
    sus = np.zeros(len(scores), bool)
    for col, a, b in members:
        on |= scores[:, col] >= a
        sus |= scores[:, col] >= b
    for col, v in vetoes:
        on &= ~(scores[:, col] >= v)
        sus &= ~(scores[:, col] >= v)
    runs, start = [], -1
    for p in range(len(scores)):
        if start < 0 and on[p]:
            start = p
        elif start >= 0 and not sus[p]:
            runs.append([start, p - 1]); start = -1
    if start >= 0:
        runs.append([start, len(scores) - 1])
    def longest(r):
        best = cur = 0
        for p in range(r[0], r[1] + 1):
            cur = cur + 1 if on[p] else 0
            best = max(best, cur)
        return best
    runs = [r for r in runs if longest(r) >= min_patches]
    merged = []
    for r in runs:
        if merged and span(*r)[0] - span(*merged[-1])[1] <= 1.0:
            merged[-1][1] = r[1]
        else:
            merged.append(r)
    return [span(*r) for r in merged if span(*r)[1] - span(*r)[0] >= 0.48 - 1e-9]

def load(scores_dir, truth_dir):
    nights = []
    for t in sorted(glob.glob(os.path.join(truth_dir, "*.csv"))):
        name = os.path.basename(t)[:-4]
        with open(os.path.join(scores_dir, name + ".csv")) as f:
            r = csv.reader(f); header = next(r)
            rows = np.array([[float(x) for x in row] for row in r], dtype=np.float32)
        with open(t) as f:
            truth = [(float(a["start_s"]), float(a["end_s"]), a["label"], a["level"]) for a in csv.DictReader(f)]
        length = rows[-1, 0] + PATCH if len(rows) else 0
        nights.append((name, header[1:], rows[:, 1:], truth, length))
    return nights

def evaluate(nights, tname, members_by_name, min_patches, unless=()):
    res = dict(nl=0, nl_found=0, faint=0, faint_found=0, false=0, confused=0, events=0, missed=[])
    for name, classes, scores, truth, length in nights:
        cols = [(classes.index(c), a, b) for c, a, b in members_by_name]
        events = detect(scores, cols, min_patches, [(classes.index(c), v) for c, v in unless])
        for s, e, label, level in truth:
            if label != tname:
                continue
            found = any(d0 < e + 1 and d1 > s - 1 for d0, d1 in events)
            key = "faint" if level == "faint" else "nl"
            res[key] += 1
            res[key + "_found"] += found
            if not found:
                p0, p1 = int(max(0, (s - 1 - PATCH) / HOP)), int((e + 1) / HOP) + 1
                best = max((scores[p0:p1, c].max(), classes[c]) for c, _, _ in cols)
                res["missed"].append((name, s, level, round(float(best[0]), 3), best[1]))
        res["events"] += len(events)
        for d0, d1 in events:
            if all(d1 <= s - 3 or d0 >= e + 3 for s, e, _, _ in truth):
                res["false"] += 1
            elif not any(d0 < e + 1 and d1 > s - 1 for s, e, label, _ in truth if label == tname):
                res["confused"] += 1  # on another type's event: not false, but a wrong type for a user
    return res

def tune(nights, tname, classes, unless=(), min_patches_options=(1, 2, 3)):
    """Greedy per-class thresholds over candidate classes: members start off; each pass gives every member the lowest
    on-threshold (0.05 steps, off = on / 2) that adds no false event, if that finds more
    normal/loud (then faint) events; minPatches is tried for each. Of tied thresholds the highest is kept."""
    best = None
    for mp in min_patches_options:
        on = {c: None for c in classes}
        for _ in range(2):
            for c in classes:
                scored = []
                for t in [None] + [round(float(x), 2) for x in np.arange(0.95, 0.04, -0.05)]:
                    trial = dict(on, **{c: t})
                    members = [(k, v, round(v / 2, 3)) for k, v in trial.items() if v is not None]
                    if not members:
                        continue
                    r = evaluate(nights, tname, members, mp, unless)
                    scored.append(((r["false"] == 0, r["nl_found"], r["faint_found"]), t))
                top = max(sc for sc, _ in scored)
                ties = [t for sc, t in scored if sc == top]
                # Of the thresholds that score best, the highest: the most margin against sounds
                # the tuning nights lack (a 2-fold check found as many events as with the middle
                # one and fewer false events). A candidate class that costs nothing on the tuning
                # nights stays in (the candidates are the classes YAMNet is known to give these
                # sounds); None only when it must go.
                kept = sorted(t for t in ties if t is not None)
                on[c] = kept[-1] if kept else None
        members = [(k, v, round(v / 2, 3)) for k, v in on.items() if v is not None]
        r = evaluate(nights, tname, members, mp, unless) if members else None
        score = (r["false"] == 0, r["nl_found"], r["faint_found"], -mp) if r else (False, 0, 0, 0)
        if best is None or score > best[0]:
            best = (score, mp, members, r)
    return best

def layout(doc):
    """TYPES_JSON laid out as the built-in file: a line per class, a few lines per type."""
    dump = lambda v: json.dumps(v, ensure_ascii=False)
    out = ['{']
    for k, v in doc.items():
        if k != "types":
            out.append(f'  {dump(k)}: {dump(v)},')
    out.append('  "types": [')
    for i, t in enumerate(doc["types"]):
        head = ", ".join(f'{dump(k)}: {dump(v)}' for k, v in t.items() if k not in ("about", "classes", "unless"))
        lines = ['    {' + head + ',']
        if "about" in t:
            lines.append(f'     "about": {dump(t["about"])},')
        for key in ("classes", "unless"):
            if key in t:
                rows = ',\n'.join('      ' + dump(c) for c in t[key])
                lines.append(f'     {dump(key)}: [\n{rows}],')
        lines[-1] = lines[-1][:-1] + '}' + (',' if i < len(doc["types"]) - 1 else '')
        out.extend(lines)
    out += ['  ]', '}']
    return '\n'.join(out) + '\n'

def twofold(a, b, types):
    """Tunes every type on nights a and measures it on nights b; returns the summed figures."""
    total = dict(nl=0, nl_found=0, faint=0, faint_found=0, false=0, confused=0, events=0)
    for t in types:
        unless = [(c["class"], c["score"]) for c in t.get("unless", [])]
        _, mp, chosen, _ = tune(a, t["name"], [c["class"] for c in t["classes"]], unless)
        r = evaluate(b, t["name"], chosen, mp, unless)
        print(f'  {t["name"]:10s}', summary(r))
        for k in total:
            total[k] += r[k]
    return total

def summary(r):
    own = r["events"] - r["false"] - r["confused"]
    precision = own / r["events"] if r["events"] else 1.0
    return (f'normal/loud {r["nl_found"]}/{r["nl"]} faint {r["faint_found"]}/{r["faint"]} '
            f'false {r["false"]} on other types {r["confused"]} precision {precision:.2f}')

def main():
    scores_dir, truth_dir, types_json = sys.argv[1:4]
    nights = load(scores_dir, truth_dir)
    doc = json.load(open(types_json))
    types = doc["types"]
    if "--twofold" in sys.argv:
        i = sys.argv.index("--twofold")
        other = load(sys.argv[i + 1], sys.argv[i + 2])
        print("tuned on the first split, measured on the second:")
        ab = twofold(nights, other, types)
        print("tuned on the second split, measured on the first:")
        ba = twofold(other, nights, types)
        print("first -> second:", summary(ab))
        print("second -> first:", summary(ba))
        print("both:           ", summary({k: ab[k] + ba[k] for k in ab}))
        return
    for t in types:
        members = [(c["class"], c["on"], c["off"]) for c in t["classes"]]
        unless = [(c["class"], c["score"]) for c in t.get("unless", [])]
        if "--best" in sys.argv:
            _, mp, chosen, r = tune(nights, t["name"], [c for c, _, _ in members], unless)
            print(f'{t["name"]:10s} minPatches={mp} {chosen} normal/loud {r["nl_found"]}/{r["nl"]} '
                  f'faint {r["faint_found"]}/{r["faint"]} false {r["false"]} on other types {r["confused"]}')
            tuned = {c: (on, off) for c, on, off in chosen}
            t["minPatches"] = mp
            t["classes"] = [dict(c, on=tuned[c["class"]][0], off=tuned[c["class"]][1]) for c in t["classes"] if c["class"] in tuned]
        else:
            r = evaluate(nights, t["name"], members, t.get("minPatches", 1), unless)
            print(f'{t["name"]:10s} normal/loud {r["nl_found"]}/{r["nl"]} faint {r["faint_found"]}/{r["faint"]} '
                  f'false {r["false"]} on other types {r["confused"]}')
            for m in r["missed"]:
                print("    missed", *m)
    if "--write" in sys.argv:
        with open(sys.argv[sys.argv.index("--write") + 1], "w") as f:
            f.write(layout(doc))

if __name__ == "__main__":
    main()
