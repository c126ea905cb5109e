/** CSP channels with Go's select (design notes arrive with the implementation). */
package io.throng.channels;
