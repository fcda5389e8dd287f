#!/usr/bin/env bash
# Re-extract and compile the Vietnamese catalogues: the project one (locale/) for the core apps,
# and one per app that keeps its own (<app>/locale/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
apps_with_locale=$(for d in */locale; do [ "$d" != "*/locale" ] && dirname "$d"; done)
ignores=(--ignore=.venv --ignore=static --ignore=lib/tests --ignore=bench --ignore=scripts)
for app in $apps_with_locale; do ignores+=("--ignore=$app"); done
$PY manage.py makemessages -l vi --no-obsolete "${ignores[@]}"
for app in $apps_with_locale; do
  (cd "$app" && ../$PY ../manage.py makemessages -l vi --no-obsolete --ignore=tests)
done
$PY manage.py compilemessages -l vi --ignore=.venv
