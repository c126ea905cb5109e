//go:build linux && amd64

package main

import (
	"encoding/binary"
	"fmt"
	"net"
	"syscall"
	"unsafe"
)

// sender is one socket with a prepared batch of identical frames; it counts what the kernel accepted.
type sender struct {
	fd           int
	msgs         []mmsghdr // batch entries, all pointing at the same frame
	sent, failed int
}

// mmsghdr is struct mmsghdr of <sys/socket.h> on linux/amd64: a msghdr and the length the kernel sent.
type mmsghdr struct {
	hdr syscall.Msghdr
	len uint32
	_   [4]byte
}

const (
	packetQdiscBypass = 20  // PACKET_QDISC_BYPASS, <linux/if_packet.h>
	sysSendmmsg       = 307 // sendmmsg(2) on linux/amd64: Go 1.19's syscall package does not name it
)

func newSender(fd int, frame []byte, batch int) *sender {
	iov := &syscall.Iovec{Base: &frame[0]}
	iov.SetLen(len(frame))
	msgs := make([]mmsghdr, batch)
	for i := range msgs {
		msgs[i].hdr.Iov = iov
		msgs[i].hdr.Iovlen = 1
	}
	return &sender{fd: fd, msgs: msgs}
}

// send offers up to n frames (at most one batch) in one call. A refused call (ENOBUFS, EAGAIN) counts one frame as
// failed, as a refused sendto did before: the pacing moves on rather than spinning on a full queue.
func (s *sender) send(n int) {
	if n > len(s.msgs) {
		n = len(s.msgs)
	}
	if len(s.msgs) == 1 { // plain send(2): the old one-frame-per-call sender, kept comparable
		iov := s.msgs[0].hdr.Iov
		_, _, errno := syscall.Syscall6(syscall.SYS_SENDTO, uintptr(s.fd), uintptr(unsafe.Pointer(iov.Base)), uintptr(iov.Len), 0, 0, 0)
		if errno != 0 {
			s.failed++
		} else {
			s.sent++
		}
		return
	}
	r, _, errno := syscall.Syscall6(sysSendmmsg, uintptr(s.fd), uintptr(unsafe.Pointer(&s.msgs[0])), uintptr(n), 0, 0, 0)
	if errno != 0 {
		s.failed++
		return
	}
	s.sent += int(r) // fewer than n when the queue filled part way: the rest is still due and is offered again
}

// udpSender is a UDP socket connected to addr: the kernel's whole send path (UDP, routing, neighbour, qdisc) per frame.
func udpSender(addr string, size, batch int) (*sender, error) {
	ua, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		return nil, err
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	to := &syscall.SockaddrInet4{Port: ua.Port}
	copy(to.Addr[:], ua.IP.To4())
	if err := syscall.Connect(fd, to); err != nil {
		return nil, err
	}
	return newSender(fd, make([]byte, size), batch), nil
}

// rawSender is an AF_PACKET socket on ifname writing a prepared Ethernet/IPv4/UDP frame to dstMac; sender number i
// uses source port 40000+i, so K senders are K flows as with UDP sockets.
func rawSender(ifname, dstMac, addr string, i, size, batch int) (*sender, error) {
	ifc, err := net.InterfaceByName(ifname)
	if err != nil {
		return nil, err
	}
	dst, err := net.ParseMAC(dstMac)
	if err != nil {
		return nil, err
	}
	ua, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		return nil, err
	}
	addrs, err := ifc.Addrs()
	if err != nil {
		return nil, err
	}
	var src net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil {
			src = n.IP.To4()
			break
		}
	}
	if src == nil {
		return nil, fmt.Errorf("%s has no IPv4 address", ifname)
	}
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, 0) // protocol 0: sends only
	if err != nil {
		return nil, err
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_PACKET, packetQdiscBypass, 1); err != nil {
		return nil, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrLinklayer{Ifindex: ifc.Index}); err != nil {
		return nil, err
	}
	frame := udpFrame(dst, ifc.HardwareAddr, src, ua.IP.To4(), uint16(40000+i), uint16(ua.Port), size)
	return newSender(fd, frame, batch), nil
}

// udpFrame builds Ethernet + IPv4 (checksummed) + UDP (checksum 0: none, allowed on IPv4) around size zero bytes.
func udpFrame(dst, src net.HardwareAddr, srcIP, dstIP net.IP, sport, dport uint16, size int) []byte {
	f := make([]byte, 14+20+8+size)
	copy(f[0:6], dst)
	copy(f[6:12], src)
	binary.BigEndian.PutUint16(f[12:], 0x0800)
	ip := f[14:34]
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], uint16(20+8+size))
	ip[8] = 64 // TTL
	ip[9] = 17 // UDP
	copy(ip[12:16], srcIP)
	copy(ip[16:20], dstIP)
	sum := uint32(0)
	for k := 0; k < 20; k += 2 {
		sum += uint32(binary.BigEndian.Uint16(ip[k:]))
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	binary.BigEndian.PutUint16(ip[10:], ^uint16(sum))
	udp := f[34:42]
	binary.BigEndian.PutUint16(udp[0:], sport)
	binary.BigEndian.PutUint16(udp[2:], dport)
	binary.BigEndian.PutUint16(udp[4:], uint16(8+size))
	return f
}
