/**
 * The Mumble server reference for the live-voice benchmark: Debian's murmur 1.3.4 ({@code apt-get install -y
 * mumble-server}) started as a child process, and a minimal Mumble client that streams and receives voice through
 * the TLS control connection (UDPTunnel), so that murmur's CPU per listener-second can be set beside the Parley
 * relay's ({@code live} scenario) on the same machine.
 *
 * <ul>
 *   <li>{@link dev.parley.bench.mumble.MumbleReference}: murmurd as a child process and a measurement loop:
 *       {@code unavailable(options)}, {@code start(options)}, {@code measure(listeners, seconds, messages)} giving a
 *       {@code Result}, {@code close()}.</li>
 *   <li>{@link dev.parley.bench.mumble.MumbleRoom}: one speaker and L listeners connected to it, {@code
 *       transmit(packets, frameMs)} in real time, every packet checked. The {@code live} scenario streams through
 *       it ({@code dev.parley.bench.MumbleLive}), so murmur is measured by the same code as the Parley relay.</li>
 *   <li>{@link dev.parley.bench.mumble.MumbleMain}: the same alone,
 *       {@code java -cp benchmarks/target/parley-bench.jar dev.parley.bench.mumble.MumbleMain --listeners 1,5,20,50};
 *       exit 2 with one line when murmurd is not installed.</li>
 * </ul>
 *
 * <p>What murmur 1.3.4 does that matters here (read in its source at tag 1.3.4 and seen with strace):
 * <ul>
 *   <li>Run as root it switches to the user {@code mumble-server} on its own (even without {@code uname}) and then
 *       needs its database folder to belong to that user; its autoban bans an address after more than 10 connections
 *       in 120 s (off here); an unregistered name reused from the same address takes over the older connection.</li>
 *   <li>It drops voice over its per-user bandwidth limit silently (72 kbit/s by default, counting 32 bytes of IP, UDP
 *       and crypt overhead per packet even through the tunnel): a speaker sending faster than real time loses
 *       packets.</li>
 *   <li>A client that never sent UDP gets voice through the tunnel: per listener and packet murmur posts a queued Qt
 *       event, writes one TLS record (112 bytes for a 79-byte Opus frame under TLS 1.3) and toggles TCP_NODELAY on and
 *       off to push it (two setsockopt calls), besides eventfd wake-ups: about 60 % of its CPU is in the kernel.</li>
 * </ul>
 */
package dev.parley.bench.mumble;
