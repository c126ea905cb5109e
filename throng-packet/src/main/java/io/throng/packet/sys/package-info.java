/**
 * The module's one set of libc bindings (FFM downcalls, Linux x86_64 and aarch64), shared by capture,
 * the raw sockets, the bridge's ports and the tunnel's TUN device: {@link io.throng.packet.sys.Sockets}
 * for socket calls, {@link io.throng.packet.sys.Descriptors} for descriptor calls and mmap,
 * {@link io.throng.packet.sys.Interfaces} for ioctl and interface names, {@link io.throng.packet.sys.Errno}
 * for the errno each call captures. Not exported: the public tools are the API, these are plumbing.
 */
package io.throng.packet.sys;
