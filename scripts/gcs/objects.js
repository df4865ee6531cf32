'use strict';
// Copies files to and from a GCS-protocol server through its JSON API, for the gs:// tests
// (earmark itself has no copy command):
//   node objects.js upload   ENDPOINT LOCAL_DIR gs://BUCKET/PREFIX   every file under LOCAL_DIR
//   node objects.js download ENDPOINT gs://BUCKET/PREFIX LOCAL_DIR   every object under PREFIX/
//   node objects.js names    ENDPOINT gs://BUCKET/PREFIX             object names under PREFIX/, sorted
//   node objects.js delete   ENDPOINT gs://BUCKET/NAME               one object
const fs = require('fs');
const path = require('path');

function parseGs(uri) {
  const match = /^gs:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`not a gs:// URI: ${uri}`);
  return { bucket: match[1], prefix: match[2].replace(/\/+$/, '') };
}

async function check(res, what) {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

async function upload(endpoint, localDir, uri) {
  const { bucket, prefix } = parseGs(uri);
  for (const file of filesUnder(localDir)) {
    const name = (prefix ? prefix + '/' : '') + path.relative(localDir, file).split(path.sep).join('/');
    await check(await fetch(`${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(name)}`,
      { method: 'POST', body: fs.readFileSync(file), headers: { 'content-type': 'application/octet-stream' } }),
    `upload ${file} to gs://${bucket}/${name}`);
  }
}

async function names(endpoint, uri) {
  const { bucket, prefix } = parseGs(uri);
  const found = [];
  let pageToken;
  do {
    const query = new URLSearchParams({ prefix: prefix ? prefix + '/' : '' });
    if (pageToken) query.set('pageToken', pageToken);
    const page = await (await check(await fetch(`${endpoint}/storage/v1/b/${bucket}/o?${query}`), `list ${uri}`)).json();
    (page.items || []).forEach((item) => found.push(item.name));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return found.sort();
}

async function download(endpoint, uri, localDir) {
  const { bucket, prefix } = parseGs(uri);
  for (const name of await names(endpoint, uri)) {
    const target = path.join(localDir, prefix ? name.slice(prefix.length + 1) : name);
    const res = await check(await fetch(`${endpoint}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?alt=media`),
      `download gs://${bucket}/${name}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(await res.arrayBuffer()));
  }
}

async function remove(endpoint, uri) {
  const { bucket, prefix } = parseGs(uri);
  await check(await fetch(`${endpoint}/storage/v1/b/${bucket}/o/${encodeURIComponent(prefix)}`, { method: 'DELETE' }),
    `delete ${uri}`);
}

async function main([command, endpoint, a, b]) {
  if (command === 'upload' && b) return upload(endpoint, a, b);
  if (command === 'download' && b) return download(endpoint, a, b);
  if (command === 'names' && a) return (await names(endpoint, a)).forEach((n) => console.log(n));
  if (command === 'delete' && a) return remove(endpoint, a);
  throw new Error('usage: node objects.js upload|download|names|delete ENDPOINT ...');
}

main(process.argv.slice(2)).catch((err) => {
  console.error('objects.js: ' + err.message);
  process.exit(1);
});
