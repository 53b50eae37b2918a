#!/usr/bin/env bash
# Makes assets/videos/video-test.mp4, the sample the stack uploads to S3 as `video-test.mp4`.
#
# A real, playable H.264 (Main) + AAC-LC MP4, 640x360, 24 s, ~3 MB, generated from ffmpeg's
# lavfi test sources so nothing is downloaded and the file can be rebuilt anywhere.
#   - testsrc2 shows a running clock/frame counter, handy to see that seeking/ranges work;
#     light temporal noise keeps the encoder near the target bitrate (a clean test pattern
#     would compress to a few hundred kB, too small to exercise range requests).
#   - keyframe every 2 s so players can seek within a range request quickly.
#   - +faststart moves the moov atom to the front: the browser can start playing from the
#     first range response instead of fetching the end of the file first.
#
# Usage: tools/make-sample-video.sh [output.mp4]     (needs Debian's ffmpeg: apt-get install -y ffmpeg)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$(cd "$here/.." && pwd)/assets/videos/video-test.mp4}"
duration="${DURATION:-24}"

if ! command -v ffmpeg >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ffmpeg not found; installing Debian's ffmpeg" >&2
    apt-get install -y ffmpeg >/dev/null || { apt-get update && apt-get install -y ffmpeg >/dev/null; }
  else
    echo "ffmpeg not found: install it (Debian/Ubuntu: sudo apt-get install -y ffmpeg)" >&2
    exit 1
  fi
fi

mkdir -p "$(dirname "$out")"
tmp="$(dirname "$out")/.$(basename "$out").tmp.mp4"
trap 'rm -f "$tmp"' EXIT

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=640x360:rate=25:duration=${duration}" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=44100:duration=${duration}" \
  -vf "noise=alls=12:allf=t,format=yuv420p" \
  -c:v libx264 -profile:v main -preset medium \
  -b:v 900k -maxrate 1100k -bufsize 1800k -g 50 -keyint_min 50 -sc_threshold 0 \
  -c:a aac -b:a 128k -ac 2 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -movflags +faststart \
  -shortest \
  "$tmp"
mv "$tmp" "$out"
trap - EXIT

# Show what was made; fail if it is not h264 + aac.
codecs="$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$out" | tr '\n' ' ')"
echo "$out: $(du -h "$out" | cut -f1), codecs: $codecs"
case "$codecs" in
  *h264*aac*|*aac*h264*) ;;
  *) echo "unexpected codecs in $out: $codecs" >&2; exit 1 ;;
esac
