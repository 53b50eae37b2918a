/**
 * The player page: a token (a development token through the gateway, or `#token=` in the URL),
 * the list of videos with posters and state, and a player that plays HLS with hls.js (served by
 * this app from node_modules, no CDN) with a quality menu, or the MP4 while renditions are not
 * ready or where neither MSE nor native HLS exists. The script is player.script.ts.
 */
export const PLAYER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Video player</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}
video{width:100%;background:#000;aspect-ratio:16/9}
label{margin-right:1rem}#status{color:#555;min-height:1.5em}
#videos{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem}
#videos li{border:1px solid #ddd;border-radius:.5rem;overflow:hidden}
#videos button{all:unset;cursor:pointer;display:block;width:100%}
#videos button:focus-visible{outline:3px solid #36c}
#videos img,#videos .noposter{display:block;width:100%;aspect-ratio:16/9;object-fit:cover;background:#333}
#videos .meta{padding:.4rem .6rem;font-size:.9rem;word-break:break-all}
.state{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.3rem;background:#eee;margin-left:.3rem}
.state-ready{background:#d4f5d4}.state-failed{background:#f8d0d0}.state-processing{background:#fdf0c4}
#controls{display:flex;gap:1rem;align-items:center;margin:.5rem 0}
</style>
</head>
<body>
<h1>Video player</h1>
<form id="form">
  <label>User id <input id="userId" name="userId" value="123" required></label>
  <label>Video <input id="filename" name="filename" value="video-test.mp4" required></label>
  <button type="submit">Play</button>
  <button type="button" id="refresh">Refresh list</button>
</form>
<p id="status" role="status"></p>
<video id="video" controls preload="metadata" playsinline></video>
<div id="controls">
  <label>Quality <select id="quality" disabled><option value="-1">Auto</option></select></label>
  <span>Playing: <output id="rendition">-</output></span>
</div>
<h2>Videos</h2>
<ul id="videos" aria-live="polite"></ul>
<script src="/v1/api/player/hls.js"></script>
<script src="/v1/api/player/player.js"></script>
</body>
</html>
`;
