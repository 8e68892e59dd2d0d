'use strict';
// The socket.io reference server of Parley's text benchmark: socket.io 4.8.4 (the seed project's stack) with the
// same semantics as the bare Netty reference (benchmarks/src/main/java/dev/parley/bench/bare): a "hello" event joins
// a room and gets a "welcome"; a "chat" event goes to everyone in that room, sender included, as it came. No storage,
// no validation. HTTPS (TLS 1.2/1.3) with the certificate the Java side generated for this run, websocket transport
// only, no permessage-deflate.
//
//   node server.js --cert <cert.pem> --key <key.pem> [--ping-interval ms] [--ping-timeout ms] [--exit-with-stdin]
//
// Listens on 127.0.0.1, a free port; its first stdout line gives the port:
//   socket.io 4.8.4 reference listening on wss://127.0.0.1:<port> - node v20..., OpenSSL 3...
// Started and stopped (SIGTERM, by PID) by dev.parley.bench.socketio.SocketIoReference.

const fs = require('node:fs');
const https = require('node:https');
const { Server } = require('socket.io');

function option(name, otherwise) {
  const i = process.argv.indexOf('--' + name);
  if (i < 0) return otherwise;
  if (i + 1 >= process.argv.length) throw new Error('--' + name + ' needs a value');
  return process.argv[i + 1];
}

const certPath = option('cert');
const keyPath = option('key');
if (!certPath || !keyPath) {
  console.error('usage: node server.js --cert <cert.pem> --key <key.pem> [--ping-interval ms] [--ping-timeout ms] [--exit-with-stdin]');
  process.exit(2);
}

const httpsServer = https.createServer({
  cert: fs.readFileSync(certPath),
  key: fs.readFileSync(keyPath),
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
});

const io = new Server(httpsServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  // as generous as the bare Netty server's frame limit (a 16 MiB clip plus its header)
  maxHttpBufferSize: 16 * 1024 * 1024 + 16 * 1024,
  pingInterval: Number(option('ping-interval', 25000)),
  pingTimeout: Number(option('ping-timeout', 20000)),
});

io.on('connection', (socket) => {
  let room;
  socket.on('hello', (hello) => {
    room = String(hello && hello.room);
    socket.join(room);
    socket.emit('welcome', { room });
  });
  socket.on('chat', (message) => {
    if (room !== undefined) {
      io.to(room).emit('chat', message); // every member of the room, the sender included
    }
  });
});

httpsServer.on('tlsClientError', (err) => console.error('TLS client error: ' + err.message));

httpsServer.listen(0, '127.0.0.1', () => {
  const { port } = httpsServer.address();
  const version = require('socket.io/package.json').version;
  process.stdout.write('socket.io ' + version + ' reference listening on wss://127.0.0.1:' + port + ' - node '
    + process.version + ', OpenSSL ' + process.versions.openssl + '\n');
});

function stop() {
  io.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.argv.includes('--exit-with-stdin')) {
  // the Java side holds our stdin open: if it dies without stopping us, its end of the pipe closes and we go too
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
