#!/usr/bin/env bash
# Installs what building and testing Stagelijn needs on Debian 12, and nothing else.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libevent-dev libprotobuf-c-dev protobuf-c-compiler libsqlite3-dev libssl-dev uuid-dev
  libicu-dev                 # ICU: the Dutch collation of names (server/store/collate.c)
  libcmocka-dev
  libcsv-dev                 # libcsv: the CSV parser of the student import (client/student_import.c)
  clang libclang-rt-14-dev   # sanitizer and libFuzzer runtimes for the fuzz target
  gettext                    # msgfmt for the Dutch message catalogue
  tzdata                     # Europe/Amsterdam: the school calendar's time zone
  sqlite3 openssl ca-certificates
  libncurses-dev             # ncurses with its form and menu libraries: the interactive kiosk
  tmux                       # drives the interactive kiosk in its tests (send-keys, capture-pane)
  jq                         # deploy/notify-mail-mentor.sh reads the event JSON (tested)
  scdoc groff-base           # the man pages, from docs/man/*.scd, and their check (groff)
  dpkg-dev curl              # the Debian package (dpkg-shlibdeps) and its test (tests/package/)
  libical-dev                # documents: the visit plan as iCalendar (client/ical_plan.c)
  libcairo2-dev libpango1.0-dev fonts-dejavu-core  # documents: the contract as PDF
  poppler-utils              # documents: pdftotext reads the contract PDF back in tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
