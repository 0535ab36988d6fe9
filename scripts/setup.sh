#!/usr/bin/env bash
# Installs what Kino needs on a fresh Debian machine: ffmpeg (encoding, probing), Noto CJK fonts
# (legible Chinese/Japanese text in frames), eSpeak NG (spoken dialogue), what the tests drive
# (tesseract, chromium, redis-server, PostgreSQL), the npm packages, and builds the CLI and the studio.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need+=(fonts-dejavu-core)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
# The studio's end-to-end tests drive Debian's chromium (test/studio/harness.ts).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The scale-out tests start their own throwaway redis-server and PostgreSQL 15 cluster (no system service).
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "setup: installing ${need[*]} from Debian" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The compiled CLI and engine (dist/), which `kino` runs while it is newer than every source file
# (bin/compiled.js): half a second less start-up for every process and render worker than tsx.
npm run build
# The studio web app that `kino serve` serves at / (studio/dist).
npm run build -w studio
