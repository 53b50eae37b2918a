/** The player page's script (see player.page.ts). Plain ES2017, no build step: it is served as is. */
export const PLAYER_JS = `'use strict';
(function () {
  var video = document.getElementById('video');
  var status = document.getElementById('status');
  var quality = document.getElementById('quality');
  var rendition = document.getElementById('rendition');
  var list = document.getElementById('videos');
  var hash = new URLSearchParams(location.hash.slice(1));
  var query = new URLSearchParams(location.search);
  var hls = null;
  var bearer = null;
  if (query.get('filename')) document.getElementById('filename').value = query.get('filename');

  function say(text) { status.textContent = text; }

  async function json(url, init) {
    var res = await fetch(url, init);
    var body = await res.json().catch(function () { return {}; });
    if (!res.ok) throw new Error((body && body.message) || ('HTTP ' + res.status));
    return body;
  }

  // One token request however many calls wait for it (the list and the playback ask at once);
  // a failed request is forgotten, so the next call tries again.
  var pendingToken = null;
  function token() {
    if (bearer) return Promise.resolve(bearer);
    if (hash.get('token')) return Promise.resolve((bearer = hash.get('token')));
    if (!pendingToken) {
      var userId = document.getElementById('userId').value;
      pendingToken = json('/v1/api/auth/token?userId=' + encodeURIComponent(userId)).then(
        function (body) { pendingToken = null; return (bearer = body.access_token || body.accessToken || body.token); },
        function (error) { pendingToken = null; throw error; },
      );
    }
    return pendingToken;
  }

  function authed(url) {
    return token().then(function (t) { return json(url, { headers: { Authorization: 'Bearer ' + t } }); });
  }

  function reset() {
    if (hls) { hls.destroy(); hls = null; }
    quality.innerHTML = '<option value="-1">Auto</option>';
    quality.disabled = true;
    rendition.textContent = '-';
  }

  function canPlayHls() { return window.Hls && window.Hls.isSupported(); }

  function playHls(url) {
    // A short forward buffer and short bandwidth averages (hls.js weighs each sample by its
    // download time): the player keeps measuring the network and adapts within seconds.
    hls = new window.Hls({
      enableWorker: false,
      maxBufferLength: 10,
      maxMaxBufferLength: 20,
      abrEwmaFastVoD: 1.5,
      abrEwmaSlowVoD: 3,
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, function (_event, data) {
      data.levels.forEach(function (level, index) {
        var option = document.createElement('option');
        option.value = String(index);
        option.textContent = level.height + 'p (' + Math.round(level.bitrate / 1000) + ' kb/s)';
        quality.appendChild(option);
      });
      quality.disabled = false;
    });
    hls.on(window.Hls.Events.LEVEL_SWITCHED, function (_event, data) {
      rendition.textContent = hls.levels[data.level].height + 'p';
    });
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (data.fatal) say('Playback error: ' + data.details);
    });
    window.hlsPlayer = hls; // for the browser console (and tests): levels, bandwidthEstimate...
    hls.loadSource(url);
    hls.attachMedia(video);
  }

  async function play(filename) {
    reset();
    try {
      say('Getting a playback URL…');
      var format = hash.get('format') === 'mp4' || (!canPlayHls() && !video.canPlayType('application/vnd.apple.mpegurl')) ? 'mp4' : 'auto';
      var playback = await authed('/v1/api/video/playback?format=' + format + '&filename=' + encodeURIComponent(filename));
      if (playback.type === 'hls' && canPlayHls()) playHls(playback.url);
      else video.src = playback.url; // the MP4, or HLS where the browser plays it natively
      if (playback.type !== 'hls') rendition.textContent = 'MP4';
      say('Playing ' + filename + ' (' + playback.type.toUpperCase() + ', URL valid until ' + playback.expiresAt + ')');
      await video.play().catch(function () { say('Press play: the browser blocked autoplay'); });
    } catch (error) {
      say('Cannot play: ' + error.message);
    }
  }

  function card(item, info) {
    var li = document.createElement('li');
    var button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-label', 'Play ' + item.key);
    var picture;
    if (info.posterUrl) { picture = document.createElement('img'); picture.src = info.posterUrl; picture.alt = ''; }
    else { picture = document.createElement('div'); picture.className = 'noposter'; }
    var meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = item.key;
    var state = document.createElement('span');
    state.className = 'state state-' + info.state;
    state.textContent = info.state + (info.renditions && info.renditions.length ? ' · ' + info.renditions.map(function (r) { return r.height + 'p'; }).join('/') : '');
    if (info.reason) state.title = info.reason.message;
    meta.appendChild(state);
    button.append(picture, meta);
    button.addEventListener('click', function () {
      document.getElementById('filename').value = item.key;
      play(item.key);
    });
    li.appendChild(button);
    return li;
  }

  async function refresh() {
    try {
      var page = await authed('/v1/api/videos?limit=50');
      var cards = await Promise.all(page.items.map(function (item) {
        return authed('/v1/api/videos/' + encodeURIComponent(item.key))
          .catch(function () { return { state: 'processing', renditions: [] }; })
          .then(function (info) { return card(item, info); });
      }));
      list.replaceChildren.apply(list, cards);
    } catch (error) {
      say('Cannot list videos: ' + error.message);
    }
  }

  quality.addEventListener('change', function () { if (hls) hls.currentLevel = Number(quality.value); });
  document.getElementById('form').addEventListener('submit', function (event) {
    event.preventDefault();
    play(document.getElementById('filename').value);
  });
  document.getElementById('refresh').addEventListener('click', refresh);
  refresh();
  if (hash.get('autoplay') === '1') play(document.getElementById('filename').value);
})();
`;
