#!/bin/sh
# Render every report for the example schools and keep a Chromium screenshot of each in
# docs/images/ (shown by docs/how-to/restyle-reports.md). Needs chromium (apt-get install
# chromium); the test suite does not: it parses the HTML instead.
set -eu
BIN=${BIN:-.venv/bin}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
DAY="--as-of 2026-09-01"
"$BIN/ictrules" assess examples/typical-school.toml --inventory examples/typical-school-inventory.csv $DAY -f html -o "$OUT/report.html" 2>/dev/null
"$BIN/ictrules" plan examples/typical-school-inventory.csv $DAY -f html --title "Meadowbank Primary School" -o "$OUT/plan.html" 2>/dev/null
"$BIN/ictrules" assess examples/ $DAY -f html --title "Example schools" -o "$OUT/summary.html" 2>/dev/null || true
"$BIN/ictrules" assess examples/weak-school.toml --as-of 2026-07-20 --store "$OUT/store.sqlite" -f json -o "$OUT/saved.json" 2>/dev/null
"$BIN/ictrules" assess examples/typical-school.toml --as-of 2026-07-15 --store "$OUT/store.sqlite" -f json -o "$OUT/saved.json" 2>/dev/null
"$BIN/ictrules" assess examples/typical-school.toml $DAY --store "$OUT/store.sqlite" -f json -o "$OUT/saved.json" 2>/dev/null
"$BIN/ictrules" assess examples/strong-school.toml $DAY --store "$OUT/store.sqlite" -f json -o "$OUT/saved.json" 2>/dev/null
"$BIN/ictrules" history "URN 100234" --store "$OUT/store.sqlite" -f html -o "$OUT/history.html"
"$BIN/ictrules" cohort --store "$OUT/store.sqlite" --school "URN 100234" -f html -o "$OUT/cohort.html"
"$BIN/ictrules" strategy examples/typical-school.toml --strategy strategies/typical-school.toml --inventory examples/typical-school-inventory.csv $DAY -f html --title "Meadowbank Primary School: ICT strategy" -o "$OUT/strategy.html" 2>/dev/null
"$BIN/ictrules" trust-strategy trusts/riverside $DAY -f html -o "$OUT/trust.html" 2>/dev/null
shot() {  # shot NAME PAGE WIDTH HEIGHT
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3,$4" \
        --screenshot="docs/images/$1.png" "file://$OUT/$2" >/dev/null 2>&1
}
# the action plan on a page of its own: the report from its action plan on
sed 's/<section class="overview">/<section class="overview" hidden>/' "$OUT/report.html" > "$OUT/actions.html"
shot report report.html 1000 1800
shot report-actions actions.html 1000 1400
shot report-phone report.html 390 1300
shot plan plan.html 1000 2400
shot summary summary.html 1000 1500
shot history history.html 1000 1400
shot cohort cohort.html 1000 1300
shot strategy strategy.html 1000 2600
shot trust trust.html 1100 2200
echo "screenshots in docs/images/"
