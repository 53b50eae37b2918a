/**
 * A minimal player: get a dev token through the gateway (or take one from `#token=` in the URL),
 * ask for a playback URL, and hand that URL to <video>, which cannot send an Authorization header.
 */
export const PLAYER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Video player</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}video{width:100%;background:#000}label{margin-right:1rem}#status{color:#555}</style>
</head>
<body>
<h1>Video player</h1>
<form id="form">
  <label>User id <input id="userId" name="userId" value="123" required></label>
  <label>Video <input id="filename" name="filename" value="video-test.mp4" required></label>
  <button type="submit">Play</button>
</form>
<p id="status" role="status"></p>
<video id="video" controls preload="metadata" playsinline></video>
<script src="/v1/api/player/player.js"></script>
</body>
</html>
`;

export const PLAYER_JS = `'use strict';
(function () {
  var form = document.getElementById('form');
  var video = document.getElementById('video');
  var status = document.getElementById('status');
  var hash = new URLSearchParams(location.hash.slice(1));
  var query = new URLSearchParams(location.search);
  if (query.get('filename')) document.getElementById('filename').value = query.get('filename');

  function say(text) { status.textContent = text; }

  async function json(url, init) {
    var res = await fetch(url, init);
    var body = await res.json().catch(function () { return {}; });
    if (!res.ok) throw new Error((body && body.message) || ('HTTP ' + res.status));
    return body;
  }

  async function token(userId) {
    if (hash.get('token')) return hash.get('token');
    var body = await json('/v1/api/auth/token?userId=' + encodeURIComponent(userId));
    return body.access_token || body.accessToken || body.token;
  }

  async function play(event) {
    if (event) event.preventDefault();
    try {
      say('Getting a token…');
      var bearer = await token(document.getElementById('userId').value);
      say('Getting a playback URL…');
      var filename = document.getElementById('filename').value;
      var playback = await json('/v1/api/video/playback?filename=' + encodeURIComponent(filename), {
        headers: { Authorization: 'Bearer ' + bearer },
      });
      video.src = playback.url;
      say('Playing ' + filename + ' (URL valid until ' + playback.expiresAt + ')');
      await video.play().catch(function () { say('Press play: the browser blocked autoplay'); });
    } catch (error) {
      say('Cannot play: ' + error.message);
    }
  }

  form.addEventListener('submit', play);
  if (hash.get('autoplay') === '1') play();
})();
`;
