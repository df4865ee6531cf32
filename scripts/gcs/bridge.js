'use strict';
// What earmark adds in front of firebase-tools' Cloud Storage emulator so that Beam's gs://
// client (GcsUtil, google-api-client) gets the GCS JSON API it calls. The emulator itself keeps
// every object; this file only fills three gaps, and counts requests:
//
// 1. POST /batch/storage/v1: the emulator has no batch endpoint (501), and Beam sends every
//    copy, rename (rewrite + delete) and delete as a batch. Each part is replayed, in order, as
//    its own request to this same server, and the answers are packed into one multipart/mixed
//    reply as GCS does. What is faked: atomicity across parts, which GCS does not promise either.
// 2. /storage/v1/b/B/o/O/rewriteTo|copyTo/b/D/o/E: the emulator serves these only without the
//    /storage/v1 prefix that the Java client puts in front of every JSON API path; the path is
//    rewritten. The emulator finishes a rewrite in one call (done: true), as GCS does for objects
//    of one location and storage class.
// 3. Resumable uploads in several chunks: the emulator finishes an upload at its first PUT. A PUT
//    whose Content-Range does not end the object (total "*") is appended and answered 308 with
//    the Range received, as GCS does; the last chunk goes to the emulator, which finishes it.
//    A status query (an empty PUT with "Content-Range: bytes */*" or "bytes */TOTAL", what
//    Google's uploader sends after a 5xx to learn what the server kept) is answered as GCS does:
//    308 with the Range received while bytes are missing, the object once finished (the
//    emulator would finish the upload with whatever it had: a partial object).
//
// GET /_earmark/requests answers the count of requests per kind since the last
// POST /_earmark/requests (test aid: how many uploads, rewrites, deletes a run cost).
//
// Faults (test aid: storage that fails mid-run). POST /_earmark/faults with a JSON body arms one:
//   {"count": N}                 the next N storage requests fail, then the server recovers
//   {"down": true}               every storage request fails until the faults are cleared
//   "status": 503 (default)      how they fail: that HTTP status with a GCS-style JSON error, or
//   "reset": true                instead, the connection is dropped without an answer
//   "kinds": ["upload-chunk"]    only requests of these kinds (requestKind below) fail
// DELETE /_earmark/faults (or POST {}) clears them; GET answers the state and how many requests
// failed since the last POST: {"status", "reset", "down", "kinds", "remaining", "failed",
// "failedByKind"}.
// "Storage requests" are the ones a client sends; the parts of a batch the bridge replays to
// itself are not faulted or counted again (the batch itself is), and /_earmark/* never fails.

const http = require('http');

const BATCH_PATH = '/batch/storage/v1';
const FAULTS_PATH = '/_earmark/faults';
/** Marks the requests the bridge sends to itself (batch parts): never faulted twice. */
const REPLAY_HEADER = 'x-earmark-replay';

const REQUEST_KINDS = ['batch', 'rewrite', 'copy', 'upload-start', 'upload-one-shot', 'upload-chunk', 'delete', 'list',
  'read', 'metadata', 'bucket', 'other'];

/** The request's kind (one of REQUEST_KINDS) for the counters: what it costs on GCS, not how it was routed. */
function requestKind(method, url) {
  const path = url.split('?')[0];
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  if (path === BATCH_PATH || path === '/batch') return 'batch';
  if (/\/o\/[^/]+\/rewriteTo\//.test(path)) return 'rewrite';
  if (/\/o\/[^/]+\/copyTo\//.test(path)) return 'copy';
  if (path.startsWith('/upload/')) {
    if (method === 'POST') return /uploadType=resumable/.test(query) ? 'upload-start' : 'upload-one-shot';
    return 'upload-chunk';
  }
  if (method === 'DELETE') return 'delete';
  if (/\/b\/[^/]+\/o$/.test(path)) return 'list';
  if (/\/b\/[^/]+\/o\//.test(path)) return /alt=media/.test(query) || path.startsWith('/download/') ? 'read' : 'metadata';
  if (/\/b\/[^/]+$/.test(path)) return 'bucket';
  return 'other';
}

/** Splits a multipart body into its parts (Buffers), using the Content-Type's boundary. */
function multipartParts(body, contentType) {
  const match = /boundary="?([^";]+)"?/i.exec(contentType || '');
  if (!match) throw new Error('multipart body without a boundary in Content-Type: ' + contentType);
  const delimiter = Buffer.from('--' + match[1]);
  const parts = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    let from = start + delimiter.length;
    if (body.slice(from, from + 2).toString() === '--') break;
    from = skipLineEnd(body, from);
    const next = body.indexOf(delimiter, from);
    if (next < 0) throw new Error('multipart body ends without its closing boundary');
    parts.push(trimLineEnd(body.slice(from, next)));
    start = next;
  }
  return parts;
}

function skipLineEnd(buffer, at) {
  if (buffer[at] === 0x0d && buffer[at + 1] === 0x0a) return at + 2;
  if (buffer[at] === 0x0a) return at + 1;
  return at;
}

function trimLineEnd(buffer) {
  let end = buffer.length;
  if (end > 0 && buffer[end - 1] === 0x0a) end--;
  if (end > 0 && buffer[end - 1] === 0x0d) end--;
  return buffer.slice(0, end);
}

/** Splits "head\r\n\r\nbody" into header lines and the body. */
function splitHead(buffer) {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  const [end, gap] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [buffer.length, 0];
  const lines = buffer.slice(0, end).toString('latin1').split(/\r?\n/).filter((l) => l.length > 0);
  return { lines, body: buffer.slice(end + gap) };
}

/** One batch part (Content-Type: application/http) as {method, path, headers, body}. */
function parseBatchPart(part) {
  const outer = splitHead(part);
  const inner = splitHead(outer.body);
  const [method, target] = (inner.lines.shift() || '').split(' ');
  if (!method || !target) throw new Error('batch part without a request line');
  const headers = {};
  for (const line of inner.lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  // The Java client writes absolute URLs; only the path and query matter here.
  const path = /^https?:\/\//i.test(target) ? target.replace(/^https?:\/\/[^/]+/i, '') : target;
  return { method, path: path || '/', headers, body: inner.body };
}

/** Sends one request to this server and resolves {status, headers, body}. */
function replay(port, request) {
  return new Promise((resolve, reject) => {
    const headers = { ...request.headers, 'content-length': String(request.body.length), [REPLAY_HEADER]: '1' };
    delete headers.host;
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, message: res.statusMessage, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** The multipart/mixed reply Google's clients parse: one application/http part per request, in order. */
function batchReply(boundary, answers) {
  const chunks = [];
  answers.forEach((answer, i) => {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-${i + 1}>\r\n\r\n`
      + `HTTP/1.1 ${answer.status} ${answer.message || http.STATUS_CODES[answer.status] || ''}\r\n`
      + (answer.headers['content-type'] ? `Content-Type: ${answer.headers['content-type']}\r\n` : '')
      + `Content-Length: ${answer.body.length}\r\n\r\n`));
    chunks.push(answer.body);
    chunks.push(Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** "bytes 0-8388607/*" → {last: 8388607, total: null}; "bytes 0-9/10" → {last: 9, total: 10}. */
function contentRange(header) {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((header || '').trim());
  if (!match) return null;
  return { first: +match[1], last: +match[2], total: match[3] === '*' ? null : +match[3] };
}

/** "bytes *\/*" → {total: null}; "bytes *\/10" → {total: 10}; anything else → null. */
function statusQuery(header) {
  const match = /^bytes \*\/(\d+|\*)$/.exec((header || '').trim());
  return match ? { total: match[1] === '*' ? null : +match[1] } : null;
}

/**
 * The fault switch: armed by {@link Faults#arm} from POST /_earmark/faults, asked by every storage
 * request through {@link Faults#take}.
 */
class Faults {
  constructor() {
    this.clear();
  }

  clear() {
    this.status = 503;
    this.reset = false;
    this.down = false;
    this.kinds = null;
    this.remaining = 0;
    this.failed = 0;
    this.failedByKind = {};
  }

  /** Validates and applies a POST body; throws (a 400 for the caller) on anything unknown. */
  arm(spec) {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error('faults: expected a JSON object');
    const known = ['status', 'count', 'down', 'reset', 'kinds'];
    const unknown = Object.keys(spec).filter((k) => !known.includes(k));
    if (unknown.length) throw new Error(`faults: unknown field(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
    const status = spec.status === undefined ? 503 : spec.status;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error('faults: status must be an HTTP error code (400-599)');
    const count = spec.count === undefined ? 0 : spec.count;
    if (!Number.isInteger(count) || count < 0) throw new Error('faults: count must be a whole number >= 0');
    if (spec.down !== undefined && typeof spec.down !== 'boolean') throw new Error('faults: down must be true or false');
    if (spec.reset !== undefined && typeof spec.reset !== 'boolean') throw new Error('faults: reset must be true or false');
    if (spec.kinds !== undefined && !(Array.isArray(spec.kinds) && spec.kinds.length > 0
      && spec.kinds.every((k) => REQUEST_KINDS.includes(k)))) {
      throw new Error(`faults: kinds must be a list of: ${REQUEST_KINDS.join(', ')}`);
    }
    this.clear();
    this.status = status;
    this.reset = spec.reset === true;
    this.down = spec.down === true;
    this.kinds = spec.kinds === undefined ? null : [...spec.kinds];
    this.remaining = count;
  }

  /** True (and counted) when the request of this kind must fail now. */
  take(kind) {
    if (!this.down && this.remaining <= 0) return false;
    if (this.kinds && !this.kinds.includes(kind)) return false;
    if (!this.down) this.remaining--;
    this.failed++;
    this.failedByKind[kind] = (this.failedByKind[kind] || 0) + 1;
    return true;
  }

  state() {
    return { status: this.status, reset: this.reset, down: this.down, kinds: this.kinds, remaining: this.remaining,
      failed: this.failed, failedByKind: { ...this.failedByKind } };
  }
}

/** Fails one request as armed: a GCS-style JSON error, or a dropped connection. */
function fail(req, res, faults) {
  // Read the request to its end first, so the client sees the answer rather than a broken pipe.
  req.resume();
  req.on('end', () => {
    if (faults.reset) {
      req.socket.destroy();
      return;
    }
    const message = `earmark gcs bridge: injected fault (${faults.status})`;
    res.status(faults.status).json({ error: { code: faults.status, message,
      errors: [{ domain: 'global', reason: faults.status === 503 ? 'backendError' : 'injectedFault', message }] } });
  });
}

/**
 * Express middleware in front of the emulator's app. `emulator` is firebase-tools'
 * StorageEmulator (its upload service takes the chunks that do not end an upload); `port()`
 * gives the port this server listens on, for replaying batch parts.
 */
function createBridge(emulator, port) {
  const counts = {};
  const faults = new Faults();
  return async function bridge(req, res, next) {
    try {
      if (req.path === '/_earmark/requests') {
        if (req.method === 'POST') Object.keys(counts).forEach((k) => delete counts[k]);
        res.json(counts);
        return;
      }
      if (req.path === FAULTS_PATH) {
        if (req.method === 'DELETE') {
          faults.clear();
        } else if (req.method === 'POST') {
          const body = (await readBody(req)).toString().trim();
          try {
            faults.arm(body ? JSON.parse(body) : {});
          } catch (err) {
            res.status(400).json({ error: { code: 400, message: 'earmark gcs bridge: ' + err.message } });
            return;
          }
        }
        res.json(faults.state());
        return;
      }
      const kind = requestKind(req.method, req.originalUrl);
      const replayed = req.headers[REPLAY_HEADER] === '1';
      if (!replayed && faults.take(kind)) {
        fail(req, res, faults);
        return;
      }
      counts[kind] = (counts[kind] || 0) + 1;
      if (req.method === 'POST' && (req.path === BATCH_PATH || req.path === '/batch')) {
        const parts = multipartParts(await readBody(req), req.headers['content-type']);
        const answers = [];
        for (const part of parts) {
          answers.push(await replay(port(), parseBatchPart(part)));
        }
        const boundary = 'batch_earmark_' + Date.now().toString(16);
        res.status(200).type(`multipart/mixed; boundary=${boundary}`).send(batchReply(boundary, answers));
        return;
      }
      if (/^\/storage\/v1\/b\/[^/]+\/o\/[^/]+\/(rewriteTo|copyTo)\/b\/[^/]+\/o\/[^/]+$/.test(req.path)) {
        req.url = req.url.slice('/storage/v1'.length);
      }
      if (req.method === 'PUT' && req.path.startsWith('/upload/storage/v1/b/') && req.query.upload_id) {
        const query = statusQuery(req.headers['content-range']);
        if (query) {
          const body = await readBody(req);
          let upload;
          try {
            upload = emulator.uploadService.getResumableUpload(String(req.query.upload_id));
          } catch (err) {
            res.status(404).end();
            return;
          }
          if (upload.status === 'active' && (query.total === null || upload.size < query.total)) {
            if (upload.size > 0) res.set('Range', `bytes=0-${upload.size - 1}`);
            res.status(308).end();
            return;
          }
          if (upload.status === 'final') {
            const object = await replay(port(), { method: 'GET', headers: {}, body: Buffer.alloc(0),
              path: `/storage/v1/b/${encodeURIComponent(upload.bucketId)}/o/${encodeURIComponent(upload.objectId)}` });
            res.status(object.status).type('application/json').send(object.body);
            return;
          }
          // Every byte is there: the emulator finishes the upload (body-parser takes req.body as read).
          req.body = body;
          req._body = true;
          next();
          return;
        }
        const range = contentRange(req.headers['content-range']);
        if (range && range.total === null) {
          const upload = emulator.uploadService.continueResumableUpload(String(req.query.upload_id), await readBody(req));
          res.status(308).set('Range', `bytes=0-${upload.size - 1}`).end();
          return;
        }
      }
      next();
    } catch (err) {
      res.status(400).json({ error: { code: 400, message: 'earmark gcs bridge: ' + err.message } });
    }
  };
}

module.exports = { createBridge, Faults, requestKind, multipartParts, parseBatchPart, batchReply, contentRange, statusQuery };
