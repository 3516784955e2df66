#!/usr/bin/env bash
# Refreshes the browser libraries in src/CareOps.Web/wwwroot/lib from npm (versions pinned in
# src/CareOps.Web/package.json and package-lock.json). The copies are committed, so running or testing the app needs
# no npm; run this only to change a library's version.
set -euo pipefail
cd "$(dirname "$0")/../src/CareOps.Web"
npm ci --no-audit --no-fund
lib=wwwroot/lib
rm -rf "$lib" && mkdir -p "$lib/signalr" "$lib/leaflet" "$lib/idb"
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js "$lib/signalr/"
cp node_modules/@microsoft/signalr/LICENSE* "$lib/signalr/" 2>/dev/null || true
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images "$lib/leaflet/"
cp node_modules/leaflet/LICENSE "$lib/leaflet/"
# idb: the ES module build (one file), imported by the phone's offline queue.
cp node_modules/idb/build/index.js "$lib/idb/"
cp node_modules/idb/LICENSE "$lib/idb/"
node -e 'const p=require("./package-lock.json").packages;for (const k of ["node_modules/@microsoft/signalr","node_modules/leaflet","node_modules/idb"]) console.log(k.replace("node_modules/",""), p[k].version)' > "$lib/VERSIONS"
cat "$lib/VERSIONS"
