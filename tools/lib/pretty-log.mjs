// One readable line per JSON log line for the terminal of `npm start` (the files in .stack/logs keep
// the JSON): time, level, service, message and the few fields one looks for. pino-pretty would do
// it too, but prints every field on lines of its own; this stays one line and needs no dependency.

const LEVELS = {
  10: ['TRACE', 90],
  20: ['DEBUG', 90],
  30: ['INFO', 32],
  40: ['WARN', 33],
  50: ['ERROR', 31],
  60: ['FATAL', 31],
};

const time = (t) => {
  const d = new Date(t);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toTimeString().slice(0, 8) +
        '.' +
        String(d.getMilliseconds()).padStart(3, '0');
};

/** The fields worth a glance, in reading order: who said it, the request, its outcome, the trace. */
function details(e) {
  const parts = [];
  if (e.context) parts.push(`[${e.context}]`);
  if (e.req?.method) parts.push(`${e.req.method} ${e.req.url ?? ''}`.trim());
  if (e.res?.statusCode) parts.push(String(e.res.statusCode));
  if (typeof e.responseTime === 'number') parts.push(`${e.responseTime}ms`);
  if (e.err?.message && e.err.message !== e.msg)
    parts.push(`${e.err.type ?? 'Error'}: ${e.err.message}`);
  if (e.trace_id) parts.push(`trace=${e.trace_id}`);
  return parts;
}

/**
 * `line` from `service` as one coloured line; lines that are not pino JSON pass unchanged. An
 * error's stack follows on indented lines.
 */
export function prettyLine(service, line, { color = true } = {}) {
  let e;
  try {
    e = JSON.parse(line);
  } catch {
    return `${service.padEnd(20)} ${line}`;
  }
  if (!e || typeof e !== 'object' || typeof e.level !== 'number')
    return `${service.padEnd(20)} ${line}`;
  const paint = (code, text) =>
    color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const [label, code] = LEVELS[e.level] ?? [String(e.level), 37];
  const head = [
    paint(90, time(e.time)),
    paint(code, label.padEnd(5)),
    paint(36, service.padEnd(20)),
  ];
  const text = [...head, e.msg ?? '', ...details(e).map((d) => paint(90, d))]
    .filter(Boolean)
    .join(' ');
  const stack =
    e.level >= 50 && e.err?.stack
      ? '\n' + e.err.stack.replace(/^/gm, '    ')
      : '';
  return text + stack;
}
