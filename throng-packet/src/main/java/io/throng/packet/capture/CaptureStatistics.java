package io.throng.packet.capture;

/**
 * The kernel's counts since the capture began (PACKET_STATISTICS): frames that passed the filter, and
 * of those how many were dropped because the socket's receive buffer was full.
 */
public record CaptureStatistics(long receivedByFilter, long droppedByKernel) {}
