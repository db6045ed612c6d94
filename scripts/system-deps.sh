#!/usr/bin/env bash
# Makes sure the system tools the project needs are present.
#   scripts/system-deps.sh ffmpeg chromium axe
# As root, missing Debian packages are installed with apt-get and axe-core with npm; otherwise the
# exact command is printed. A tool still missing after that is a warning on a newcomer's machine
# (pytest then skips the tests that need it, saying why) and an error under CI (CI=true): the
# script exits 1, naming each missing tool, so CI never goes on without what its tests need.
set -u
cd "$(dirname "$0")/.."

ci=${CI:-}
case "${ci,,}" in "" | 0 | false | no) strict=false ;; *) strict=true ;; esac
# The same settings and overrides the app and the test suite read (tests/conftest.py). A custom
# path that is missing is reported, not installed: apt-get and npm cannot put it there.
ffmpeg_bins=(ffmpeg ffprobe "${VIDEO_FFMPEG_BINARY:-ffmpeg}" "${VIDEO_FFPROBE_BINARY:-ffprobe}")
chromium=${FASCIA_CHROMIUM:-/usr/bin/chromium}
axe=${FASCIA_AXE_PATH:-node_modules/axe-core/axe.min.js}

on_path() { command -v "$1" >/dev/null 2>&1; }

present() {
    case "$1" in
        ffmpeg) for bin in "${ffmpeg_bins[@]}"; do on_path "$bin" || return 1; done ;;
        chromium) [ -x "$chromium" ] ;;
        axe) [ -f "$axe" ] ;;
    esac
}

describe() {
    case "$1" in
        ffmpeg)
            local absent=()
            for bin in "${ffmpeg_bins[@]}"; do on_path "$bin" || absent+=("$bin"); done
            echo "${absent[*]} (not on PATH): sudo apt-get install ffmpeg, or fix VIDEO_FFMPEG_BINARY/VIDEO_FFPROBE_BINARY" ;;
        chromium) echo "Chromium (no $chromium): sudo apt-get install chromium fonts-dejavu-core, or set FASCIA_CHROMIUM" ;;
        axe) echo "axe-core (no $axe): npm ci in $(pwd) (npm itself: sudo apt-get install npm), or set FASCIA_AXE_PATH" ;;
    esac
}

for tool in "$@"; do
    case "$tool" in
        ffmpeg | chromium | axe) ;;
        *) echo "system-deps: unknown tool $tool" >&2; exit 2 ;;
    esac
done

missing_pkgs=()
for tool in "$@"; do
    present "$tool" && continue
    case "$tool" in
        ffmpeg) { on_path ffmpeg && on_path ffprobe; } || missing_pkgs+=(ffmpeg) ;;
        chromium) [ -n "${FASCIA_CHROMIUM:-}" ] || missing_pkgs+=(chromium fonts-dejavu-core) ;;
        axe) [ -n "${FASCIA_AXE_PATH:-}" ] || on_path npm || missing_pkgs+=(npm) ;;
    esac
done

if [ ${#missing_pkgs[@]} -gt 0 ] && [ "$(id -u)" = "0" ] && on_path apt-get; then
    echo "Installing ${missing_pkgs[*]} with apt-get…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null \
        || echo "apt-get could not install ${missing_pkgs[*]}." >&2
fi

for tool in "$@"; do
    if [ "$tool" = axe ] && ! present axe && [ -z "${FASCIA_AXE_PATH:-}" ] && on_path npm; then
        echo "Installing axe-core with npm ci…"
        # npm ci installs exactly package-lock.json and fails when package.json disagrees with it.
        npm ci --no-audit --no-fund --loglevel=error >/dev/null || echo "npm ci failed." >&2
    fi
done

still_missing=()
for tool in "$@"; do
    present "$tool" || still_missing+=("$tool")
done
[ ${#still_missing[@]} -eq 0 ] && exit 0

if [ "$strict" = true ]; then
    echo "ERROR (CI=$ci): the tests need these missing tools, so CI stops here:" >&2
else
    echo "WARNING: missing tools; the tests that need them are skipped (pytest -ra lists them):" >&2
fi
for tool in "${still_missing[@]}"; do
    echo "  - $(describe "$tool")" >&2
done
[ "$strict" = true ] && exit 1
exit 0
