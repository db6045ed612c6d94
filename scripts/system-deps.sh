#!/usr/bin/env bash
# Makes sure the system tools the project needs are present.
#   scripts/system-deps.sh ffmpeg chromium axe
# As root, missing Debian packages are installed with apt-get; otherwise the exact command is printed
# and the tests that need the tool skip themselves, saying why.
set -u
cd "$(dirname "$0")/.."

missing_pkgs=()
want() { command -v "$1" >/dev/null 2>&1 || missing_pkgs+=("$2"); }

for tool in "$@"; do
    case "$tool" in
        ffmpeg) want ffmpeg ffmpeg; want ffprobe ffmpeg ;;
        chromium) [ -x /usr/bin/chromium ] || missing_pkgs+=(chromium fonts-dejavu-core) ;;
        axe) ;;
        *) echo "system-deps: unknown tool $tool" >&2; exit 2 ;;
    esac
done

if [ ${#missing_pkgs[@]} -gt 0 ]; then
    # shellcheck disable=SC2207
    pkgs=($(printf '%s\n' "${missing_pkgs[@]}" | sort -u))
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing ${pkgs[*]} with apt-get…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null \
            || echo "WARNING: apt-get could not install ${pkgs[*]}; the tests that need them will be skipped."
    else
        echo "WARNING: missing ${pkgs[*]}. Install with: sudo apt-get install ${pkgs[*]}"
        echo "         Until then the tests that need them are skipped (pytest -ra lists them)."
    fi
fi

for tool in "$@"; do
    if [ "$tool" = "axe" ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
        if command -v npm >/dev/null 2>&1; then
            npm install --no-audit --no-fund --loglevel=error >/dev/null \
                || echo "WARNING: npm could not install axe-core; accessibility checks will be skipped."
        else
            echo "WARNING: npm is missing (sudo apt-get install npm); accessibility checks will be skipped."
        fi
    fi
done
exit 0
