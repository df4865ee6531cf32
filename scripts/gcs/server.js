'use strict';
// Starts firebase-tools' Cloud Storage emulator (the GCS JSON API on loopback) behind earmark's
// bridge (bridge.js), without firebase's CLI: the CLI refuses Java 17 and would download a
// security-rules jar that the JSON API (admin access, no rules) never uses.
//
// usage: node server.js --modules=DIR [--port=0] [--port-file=FILE]
//   DIR is where `npm ci` put firebase-tools (its node_modules); port 0 takes a free port. When
//   listening, prints "gcs-server listening on http://127.0.0.1:PORT" and writes PORT to FILE.
// Objects live in memory and under $TMPDIR/firebase/storage/blobs; they go when the process ends.

const fs = require('fs');
const path = require('path');

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [key, ...value] = a.replace(/^--/, '').split('=');
  return [key, value.join('=')];
}));
if (!args.modules) {
  console.error('usage: node server.js --modules=DIR [--port=0] [--port-file=FILE]');
  process.exit(2);
}
const modules = path.resolve(args.modules);
const firebase = (p) => require(path.join(modules, 'firebase-tools', 'lib', p));
const express = require(path.join(modules, 'express'));
const { StorageEmulator } = firebase('emulator/storage');
const { createApp } = firebase('emulator/storage/server');
const { EmulatorRegistry } = firebase('emulator/registry');
const { createBridge } = require('./bridge');

async function main() {
  const projectId = 'earmark-test';
  // auto_download false and start() never called: nothing is fetched, no rules runtime runs.
  const emulator = new StorageEmulator({ projectId, host: '127.0.0.1', port: 0, auto_download: false });
  const emulatorApp = await createApp(projectId, emulator);
  let port = 0;
  const app = express();
  app.disable('x-powered-by');
  app.use(createBridge(emulator, () => port));
  app.use(emulatorApp);
  const server = app.listen(Number(args.port || 0), '127.0.0.1', () => {
    port = server.address().port;
    // Object metadata (selfLink, mediaLink) names the server through the registry's entry.
    emulator.args.port = port;
    EmulatorRegistry.set(emulator.getName(), emulator);
    if (args['port-file']) {
      fs.writeFileSync(args['port-file'] + '.tmp', String(port));
      fs.renameSync(args['port-file'] + '.tmp', args['port-file']);
    }
    console.log(`gcs-server listening on http://127.0.0.1:${port}`);
  });
  server.on('error', (err) => {
    console.error('gcs-server: ' + err.message);
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error('gcs-server: ' + (err.stack || err));
  process.exit(1);
});
