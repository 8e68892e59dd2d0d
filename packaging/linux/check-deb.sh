#!/usr/bin/env bash
# Checks a built Parley .deb the way a LAN machine would use it: unpacks it into a scratch root (dpkg -x, no
# install, no root needed), then runs the installed launcher with no display and nothing on the PATH:
#   parley --version                          prints "Parley <version>" and exits 0
#   parley --relay-only --port 0 --data DIR   prints "Parley relay listening on wss://..." (its TLS identity is an
#                                             EC key: jdk.crypto.ec; its store is SQLite over JDBC: java.sql)
# and looks at what the package declares: name, version, menu entry, icon, the /usr/bin/parley link.
#
# Usage: packaging/linux/check-deb.sh DEB_OR_DIRECTORY EXPECTED_VERSION
# Run by `mvn -Ppackage verify` (desktop-client, integration-test phase) with target/installer and the project version.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DEB_OR_DIRECTORY EXPECTED_VERSION" >&2
  exit 2
fi
expected_version=$2
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
started=$(date +%s)

fail() {
  echo "check-deb: FAIL: $*" >&2
  exit 1
}

# alive and not yet reaped (a child that exited stays a zombie, which kill -0 still finds, until we wait for it)
running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ "$state" != Z* ]]
}

if [ -d "$1" ]; then
  shopt -s nullglob
  debs=("$1"/parley_*.deb)
  shopt -u nullglob
  [ ${#debs[@]} -eq 1 ] || fail "expected one parley_*.deb in $1, found ${#debs[@]}"
  deb=${debs[0]}
else
  deb=$1
fi
[ -f "$deb" ] || fail "no such file: $deb"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/parley-check-deb.XXXXXX")
relay_pid=""
cleanup() {
  if [ -n "$relay_pid" ] && running "$relay_pid"; then
    kill -KILL "$relay_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# --- what the package declares ---------------------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = parley ] || fail "package name is not parley"
numeric_version=${expected_version%%-*}
case "$(dpkg-deb -f "$deb" Version)" in
  "$numeric_version"|"$numeric_version"-*) ;;
  *) fail "package version $(dpkg-deb -f "$deb" Version) does not start with $numeric_version" ;;
esac
[ -n "$(dpkg-deb -f "$deb" Description)" ] || fail "no description"
depends=$(dpkg-deb -f "$deb" Depends)
for dependency in libasound2 libgtk-3-0 xdg-utils; do
  [[ ", $depends," == *", $dependency,"* ]] || fail "Depends lacks $dependency: $depends"
done

dpkg-deb -e "$deb" "$scratch/control"
grep -q 'xdg-desktop-menu install /opt/parley/lib/parley-parley.desktop' "$scratch/control/postinst" \
  || fail "postinst does not install the menu entry"
grep -q 'ln -sfn /opt/parley/bin/parley /usr/bin/parley' "$scratch/control/postinst" \
  || fail "postinst does not link /usr/bin/parley"
grep -q 'rm -f /usr/bin/parley' "$scratch/control/prerm" || fail "prerm does not remove /usr/bin/parley"
for script in preinst postinst prerm postrm; do
  sh -n "$scratch/control/$script" || fail "$script is not a valid shell script"
done

dpkg-deb -x "$deb" "$scratch/root"
app="$scratch/root/opt/parley"
launcher="$app/bin/parley"
[ -x "$launcher" ] || fail "no launcher at /opt/parley/bin/parley"
desktop="$app/lib/parley-parley.desktop"
[ -f "$desktop" ] || fail "no menu entry at /opt/parley/lib/parley-parley.desktop"
grep -qx 'Name=Parley' "$desktop" || fail "menu entry is not named Parley"
grep -qx 'Exec=/opt/parley/bin/parley' "$desktop" || fail "menu entry does not start /opt/parley/bin/parley"
grep -qx 'Categories=Network;Chat;AudioVideo;' "$desktop" || fail "menu entry categories are not Network;Chat;AudioVideo;"
icon=$(sed -n 's/^Icon=//p' "$desktop")
cmp -s "$scratch/root$icon" "$repo_root/packaging/icons/parley.png" || fail "menu icon $icon is not packaging/icons/parley.png"
modules=$(sed -n 's/^MODULES=//p' "$app/lib/runtime/release")
for module in java.desktop java.sql jdk.crypto.ec jdk.unsupported; do
  [[ " ${modules//\"/} " == *" $module "* ]] || fail "runtime lacks $module: $modules"
done

# --- the installed launcher, with no display and no Java but its own -------------------------------------------
# an empty PATH: the launcher must find its runtime itself, not a java installed on this machine
run_env=(env -u DISPLAY -u WAYLAND_DISPLAY -u JAVA_HOME -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS
  HOME="$scratch/home" PATH="$scratch/empty-path")
mkdir -p "$scratch/home" "$scratch/empty-path"

version_started=$(date +%s%N)
version_out=$(timeout 60 "${run_env[@]}" "$launcher" --version 2>"$scratch/version.err") \
  || fail "parley --version exited with $? ($(cat "$scratch/version.err"))"
version_ms=$(( ($(date +%s%N) - version_started) / 1000000 ))
[ "$version_out" = "Parley $expected_version" ] || fail "parley --version printed '$version_out', not 'Parley $expected_version'"

relay_started=$(date +%s%N)
"${run_env[@]}" "$launcher" --relay-only --port 0 --data "$scratch/relay-data" \
  >"$scratch/relay.out" 2>"$scratch/relay.err" &
relay_pid=$!
for _ in $(seq 1 600); do
  if [ "$(wc -l <"$scratch/relay.out")" -ge 1 ] || ! running "$relay_pid"; then
    break
  fi
  sleep 0.1
done
relay_ms=$(( ($(date +%s%N) - relay_started) / 1000000 ))
first_line=$(head -n 1 "$scratch/relay.out")
[[ "$first_line" == "Parley relay listening on wss://"* ]] \
  || fail "parley --relay-only printed '$first_line' first (stderr: $(head -c 2000 "$scratch/relay.err"))"
for _ in $(seq 1 50); do grep -q "^Web client: https://" "$scratch/relay.out" && break; sleep 0.1; done
grep -q "^Web client: https://" "$scratch/relay.out" \
  || fail "the relay did not serve the web client (its files are read at start): $(head -c 2000 "$scratch/relay.out")"
[ -s "$scratch/relay-data/relay-certificate.p12" ] || fail "the relay wrote no certificate"
[ -s "$scratch/relay-data/messages.db" ] || fail "the relay created no messages.db"

kill -TERM "$relay_pid"
for _ in $(seq 1 200); do
  running "$relay_pid" || break
  sleep 0.1
done
running "$relay_pid" && fail "the relay did not stop within 20 s of SIGTERM"
wait "$relay_pid" || true
relay_pid=""

echo "check-deb: ok $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB, $(du -sk "$app" | cut -f1) KiB installed):" \
  "--version in ${version_ms} ms, relay listening in ${relay_ms} ms; whole check $(( $(date +%s) - started )) s"
echo "check-deb: $first_line"
