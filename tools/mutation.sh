#!/usr/bin/env bash
# Mutation check of the Qt-free core and the scenes' state and reducers (not part of CI: slow).
# What is mutated and which tests run is set in pyproject.toml, [tool.mutmut]; see docs/TESTING.md.
#   bash tools/mutation.sh            run (resumes where an interrupted run stopped)
#   bash tools/mutation.sh --fresh    forget earlier results first
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -x .venv/bin/mutmut ] || .venv/bin/python -m pip install --quiet "mutmut>=3.3"
if [ "${1:-}" = "--fresh" ]; then
    rm -rf mutants
fi
export QT_QPA_PLATFORM=offscreen
XDG_RUNTIME_DIR="$(mktemp -d)"
export XDG_RUNTIME_DIR
trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
# One mutant per core; nice so that the machine stays usable.
nice -n 10 .venv/bin/mutmut run --max-children "$(nproc)" || true
.venv/bin/mutmut results | awk '{print $NF}' | sort | uniq -c
echo "survivors: .venv/bin/mutmut results; one of them: .venv/bin/mutmut show NAME"
