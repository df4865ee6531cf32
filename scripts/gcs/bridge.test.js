'use strict';
// Tests of the bridge (bridge.js): its parsing on fixed bytes, then each gap it fills against the
// running server at $GCS_ENDPOINT (scripts/test-gcs starts one). Run: node --test scripts/gcs/
const test = require('node:test');
const assert = require('node:assert/strict');
const { Faults, requestKind, multipartParts, parseBatchPart, batchReply, contentRange, statusQuery } = require('./bridge');

const BOUNDARY = '__END_OF_PART__earmark';

/** A batch body as Google's Java client writes it: absolute URLs, CRLF, one application/http part per call. */
function javaBatch(endpoint, calls) {
  let body = '';
  calls.forEach((call, i) => {
    const json = call.json === undefined ? '' : JSON.stringify(call.json);
    body += `--${BOUNDARY}\r\nContent-Length: 0\r\nContent-Type: application/http\r\ncontent-id: ${i + 1}\r\n`
      + 'content-transfer-encoding: binary\r\n\r\n'
      + `${call.method} ${endpoint}${call.path} HTTP/1.1\r\n`
      + (json ? `Content-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=UTF-8\r\n` : '')
      + `\r\n${json}\r\n`;
  });
  return body + `--${BOUNDARY}--\r\n`;
}

/** The parts of a batch reply the way Google's Java client reads them: status and body per part. */
function readReply(text, contentType) {
  const boundary = '--' + /boundary=([^;]+)/.exec(contentType)[1];
  const lines = text.split('\r\n');
  assert.equal(lines[0], boundary, 'a batch reply starts with its boundary');
  const parts = [];
  let i = 1;
  while (i < lines.length && lines[i - 1] !== boundary + '--') {
    while (lines[i] !== '') i++; // the part's own headers
    const status = Number(lines[++i].split(' ')[1]);
    i++;
    while (lines[i] !== '') i++; // the answer's headers
    let body = '';
    for (i++; !lines[i].startsWith(boundary); i++) body += lines[i];
    parts.push({ status, body });
    i++;
  }
  return parts;
}

test('request kinds name what a request costs on GCS', () => {
  assert.equal(requestKind('POST', '/upload/storage/v1/b/b/o?uploadType=resumable&name=x'), 'upload-start');
  assert.equal(requestKind('PUT', '/upload/storage/v1/b/b/o?upload_id=1'), 'upload-chunk');
  assert.equal(requestKind('POST', '/upload/storage/v1/b/b/o?uploadType=media&name=x'), 'upload-one-shot');
  assert.equal(requestKind('POST', '/storage/v1/b/b/o/x/rewriteTo/b/b/o/y'), 'rewrite');
  assert.equal(requestKind('DELETE', '/storage/v1/b/b/o/x'), 'delete');
  assert.equal(requestKind('GET', '/storage/v1/b/b/o?prefix=a'), 'list');
  assert.equal(requestKind('GET', '/storage/v1/b/b/o/x?alt=media'), 'read');
  assert.equal(requestKind('GET', '/storage/v1/b/b/o/x'), 'metadata');
  assert.equal(requestKind('POST', '/batch/storage/v1'), 'batch');
});

test('Content-Range tells a middle chunk from the last one', () => {
  assert.deepEqual(contentRange('bytes 0-8388607/*'), { first: 0, last: 8388607, total: null });
  assert.deepEqual(contentRange('bytes 5-9/10'), { first: 5, last: 9, total: 10 });
  assert.equal(contentRange('bytes */10'), null);
  assert.equal(contentRange(undefined), null);
});

test('a status query is told from a chunk', () => {
  assert.deepEqual(statusQuery('bytes */*'), { total: null });
  assert.deepEqual(statusQuery('bytes */10'), { total: 10 });
  assert.equal(statusQuery('bytes 0-4/*'), null);
  assert.equal(statusQuery(undefined), null);
});

test('a Java client batch parses into its requests, bodies intact', () => {
  const body = Buffer.from(javaBatch('http://127.0.0.1:1', [
    { method: 'POST', path: '/storage/v1/b/b/o/a%2Fx/rewriteTo/b/b/o/a%2Fy', json: {} },
    { method: 'DELETE', path: '/storage/v1/b/b/o/a%2Fx' },
  ]));
  const parts = multipartParts(body, `multipart/mixed; boundary=${BOUNDARY}`).map(parseBatchPart);
  assert.equal(parts.length, 2);
  assert.deepEqual([parts[0].method, parts[0].path, parts[0].body.toString()],
    ['POST', '/storage/v1/b/b/o/a%2Fx/rewriteTo/b/b/o/a%2Fy', '{}']);
  assert.equal(parts[0].headers['content-type'], 'application/json; charset=UTF-8');
  assert.deepEqual([parts[1].method, parts[1].path, parts[1].body.length], ['DELETE', '/storage/v1/b/b/o/a%2Fx', 0]);
  assert.throws(() => multipartParts(body, 'multipart/mixed'), /without a boundary/);
});

test('a batch reply reads back as the Java client reads it', () => {
  const reply = batchReply('B', [
    { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"done":true}') },
    { status: 204, headers: {}, body: Buffer.alloc(0) },
  ]);
  assert.deepEqual(readReply(reply.toString(), 'multipart/mixed; boundary=B'),
    [{ status: 200, body: '{"done":true}' }, { status: 204, body: '' }]);
});

test('the fault switch: N failures then recovery, down until cleared, bad specs refused', () => {
  const faults = new Faults();
  assert.equal(faults.take('read'), false, 'nothing armed: nothing fails');
  faults.arm({ count: 2 });
  assert.deepEqual([faults.take('read'), faults.take('list'), faults.take('read')], [true, true, false]);
  assert.deepEqual(faults.state(), { status: 503, reset: false, down: false, kinds: null, remaining: 0, failed: 2,
    failedByKind: { read: 1, list: 1 } });
  faults.arm({ count: 1, kinds: ['upload-chunk'] });
  assert.deepEqual([faults.take('read'), faults.take('upload-chunk'), faults.take('upload-chunk')], [false, true, false],
    'other kinds pass and leave the count alone');
  faults.arm({ down: true, status: 500 });
  for (let i = 0; i < 5; i++) assert.equal(faults.take('upload-start'), true);
  assert.equal(faults.state().failed, 5, 'arming again starts the count afresh');
  faults.clear();
  assert.equal(faults.take('upload-start'), false);
  assert.throws(() => faults.arm({ count: -1 }), /count/);
  assert.throws(() => faults.arm({ status: 200, count: 1 }), /status/);
  assert.throws(() => faults.arm({ donw: true }), /unknown field/);
  assert.throws(() => faults.arm([]), /JSON object/);
  assert.throws(() => faults.arm({ count: 1, kinds: ['uploads'] }), /kinds must be/);
});

const endpoint = process.env.GCS_ENDPOINT;
const bucket = 'bridge-test';

async function put(name, bytes) {
  const res = await fetch(`${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(name)}`,
    { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(res.status, 200, `upload ${name}`);
}

async function media(name) {
  const res = await fetch(`${endpoint}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?alt=media`);
  return { status: res.status, text: res.status === 200 ? await res.text() : null };
}

test('the server: a batch renames (rewrite, then delete) like Beam does', async () => {
  assert.ok(endpoint, 'GCS_ENDPOINT must name a running server (scripts/gcs-server-start prints it)');
  await put('dir/.a.tmp-1', 'hello');
  const o = (name) => encodeURIComponent(name);
  const res = await fetch(`${endpoint}/batch/storage/v1`, {
    method: 'POST',
    headers: { 'content-type': `multipart/mixed; boundary=${BOUNDARY}` },
    body: javaBatch(endpoint, [
      { method: 'POST', path: `/storage/v1/b/${bucket}/o/${o('dir/.a.tmp-1')}/rewriteTo/b/${bucket}/o/${o('dir/a')}`, json: {} },
      { method: 'DELETE', path: `/storage/v1/b/${bucket}/o/${o('dir/.a.tmp-1')}` },
      { method: 'DELETE', path: `/storage/v1/b/${bucket}/o/${o('dir/never-there')}` },
    ]),
  });
  assert.equal(res.status, 200);
  const parts = readReply(await res.text(), res.headers.get('content-type'));
  assert.deepEqual(parts.map((p) => p.status), [200, 204, 404]);
  assert.equal(JSON.parse(parts[0].body).done, true);
  assert.deepEqual(await media('dir/a'), { status: 200, text: 'hello' });
  assert.equal((await media('dir/.a.tmp-1')).status, 404);
});

test('the server: rewriteTo under /storage/v1 outside a batch', async () => {
  assert.ok(endpoint, 'GCS_ENDPOINT must name a running server');
  await put('r/src', 'bytes');
  const res = await fetch(`${endpoint}/storage/v1/b/${bucket}/o/r%2Fsrc/rewriteTo/b/${bucket}/o/r%2Fdst`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).objectSize, '5');
  assert.deepEqual(await media('r/dst'), { status: 200, text: 'bytes' });
});

test('the server: a resumable upload in two chunks keeps both', async () => {
  assert.ok(endpoint, 'GCS_ENDPOINT must name a running server');
  const start = await fetch(`${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=chunked`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(start.status, 200);
  const session = start.headers.get('location');
  const first = await fetch(session, { method: 'PUT', body: '01234', headers: { 'content-range': 'bytes 0-4/*' } });
  assert.equal(first.status, 308);
  assert.equal(first.headers.get('range'), 'bytes=0-4');
  assert.equal((await media('chunked')).status, 404, 'no object before the last chunk');
  const last = await fetch(session, { method: 'PUT', body: '56789', headers: { 'content-range': 'bytes 5-9/10' } });
  assert.equal(last.status, 200);
  assert.deepEqual(await media('chunked'), { status: 200, text: '0123456789' });
});

test('the server: requests are counted by kind until reset', async () => {
  assert.ok(endpoint, 'GCS_ENDPOINT must name a running server');
  await fetch(`${endpoint}/_earmark/requests`, { method: 'POST' });
  await put('counted', 'x');
  await media('counted');
  await media('counted');
  assert.deepEqual(await (await fetch(`${endpoint}/_earmark/requests`)).json(), { 'upload-one-shot': 1, read: 2 });
});

async function faults(method, spec) {
  const res = await fetch(`${endpoint}/_earmark/faults`, spec === undefined ? { method }
    : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  return { status: res.status, body: await res.json() };
}

test('the server: armed faults fail storage requests with a GCS error, then it recovers', async () => {
  assert.ok(endpoint, 'GCS_ENDPOINT must name a running server');
  await put('faulted', 'fine');
  try {
    assert.equal((await faults('POST', { count: 2 })).body.remaining, 2);
    const first = await fetch(`${endpoint}/storage/v1/b/${bucket}/o/faulted?alt=media`);
    assert.equal(first.status, 503);
    assert.equal((await first.json()).error.errors[0].reason, 'backendError');
    // An upload's body is read before the answer: the client sees the 503, not a broken pipe.
    const upload = await fetch(`${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=never`,
      { method: 'POST', body: Buffer.alloc(1 << 20), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(upload.status, 503);
    assert.deepEqual(await media('faulted'), { status: 200, text: 'fine' }, 'recovered after the count');
    assert.equal((await media('never')).status, 404, 'a failed upload leaves no object');
    assert.deepEqual((await faults('GET')).body.failedByKind, { read: 1, 'upload-one-shot': 1 });

    await faults('POST', { down: true });
    for (let i = 0; i < 3; i++) assert.equal((await media('faulted')).status, 503);
    assert.equal((await fetch(`${endpoint}/_earmark/requests`)).status, 200, 'the admin paths never fail');
    assert.equal((await faults('GET')).body.failed, 3);
    await faults('POST', { down: true, reset: true });
    await assert.rejects(fetch(`${endpoint}/storage/v1/b/${bucket}/o/faulted?alt=media`), 'reset drops the connection');
    assert.equal((await faults('DELETE')).body.down, false);
    assert.deepEqual(await media('faulted'), { status: 200, text: 'fine' }, 'up again once cleared');
    assert.equal((await faults('POST', { status: 'x' })).status, 400);
  } finally {
    await faults('DELETE');
  }
});

test('the server: a status query after a failed chunk says what it kept, and the upload goes on', async () => {
  assert.ok(endpoint, 'GCS_ENDPOINT must name a running server');
  const start = await fetch(`${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=queried`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const session = start.headers.get('location');
  const query = (total) => fetch(session, { method: 'PUT', body: '', headers: { 'content-range': `bytes */${total}` } });
  const empty = await query('*');
  assert.equal(empty.status, 308);
  assert.equal(empty.headers.get('range'), null, 'nothing received yet: no Range');
  assert.equal((await fetch(session, { method: 'PUT', body: '01234', headers: { 'content-range': 'bytes 0-4/*' } })).status, 308);
  try {
    // What Google's uploader does after a 5xx on the last chunk: ask, then send the rest again.
    await faults('POST', { count: 1 });
    assert.equal((await fetch(session, { method: 'PUT', body: '56789', headers: { 'content-range': 'bytes 5-9/10' } })).status, 503);
  } finally {
    await faults('DELETE');
  }
  for (const total of ['*', '10']) {
    const asked = await query(total);
    assert.equal(asked.status, 308, `bytes */${total}: still incomplete`);
    assert.equal(asked.headers.get('range'), 'bytes=0-4');
  }
  assert.equal((await media('queried')).status, 404, 'a query never finishes the upload');
  assert.equal((await fetch(session, { method: 'PUT', body: '56789', headers: { 'content-range': 'bytes 5-9/10' } })).status, 200);
  assert.deepEqual(await media('queried'), { status: 200, text: '0123456789' });
  const done = await query('10');
  assert.equal(done.status, 200, 'a query of a finished upload answers the object');
  assert.equal((await done.json()).name, 'queried');
});
