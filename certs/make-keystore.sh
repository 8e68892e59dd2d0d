#!/usr/bin/env bash
# Makes a PKCS12 keystore for a Parley relay with your own key and a self-signed certificate.
# Usage: certs/make-keystore.sh [HOSTNAME [IP ...]]
# Writes certs/relay.p12 (git-ignored) and prints the flags to start the relay with it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
host="${1:-$(hostname)}"
shift || true
out="$here/relay.p12"
password="${PARLEY_KEYSTORE_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"

san="dns:localhost,dns:${host},ip:127.0.0.1,ip:::1"
for ip in "$@"; do
  san="${san},ip:${ip}"
done

if [ -e "$out" ]; then
  echo "certs/make-keystore.sh: $out exists; move it away first" >&2
  exit 2
fi

keytool -genkeypair -alias parley-relay -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
  -validity 3650 -dname "CN=Parley relay on ${host},O=Parley" -ext "SAN=${san}" \
  -ext "EKU=serverAuth" -storetype PKCS12 -keystore "$out" -storepass "$password" -keypass "$password" >/dev/null 2>"$out.log" \
  || { cat "$out.log" >&2; rm -f "$out.log"; exit 1; }
rm -f "$out.log"
chmod 600 "$out"

fingerprint="$(keytool -list -v -storetype PKCS12 -keystore "$out" -storepass "$password" | awk '/SHA256:/ {print $2; exit}')"
echo "Wrote $out (SAN ${san})"
echo "SHA-256 fingerprint: ${fingerprint}"
echo "Start the relay with:"
echo "  java -jar relay-server/target/parley-relay.jar --keystore $out --keystore-password '$password'"
