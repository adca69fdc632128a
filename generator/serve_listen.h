/*
 * serve_listen: the dev server's listening socket.  Opened by us rather
 * than by the HTTP library so that a port in use is an error that names
 * it, port 0 gives the port the kernel chose, and the server knows
 * whether it can be reached from other machines.
 */
#ifndef PREPBOOK_SERVE_LISTEN_H
#define PREPBOOK_SERVE_LISTEN_H

#include <stdbool.h>

#include "diag.h"

struct serve_listen {
	int fd;	       /* listening, non-blocking; -1 once handed over */
	int port;      /* the port bound: the kernel's choice for 0 */
	bool loopback; /* only this machine can connect */
	char *url;     /* "http://127.0.0.1:8000/", owned */
};

/*
 * Binds host (a name or a numeric address, IPv4 or IPv6) at port and
 * listens.  Returns 0; -1 when the port cannot be had (in use, not
 * allowed), -2 when host names no address of this machine; both
 * recorded in d with the address and port.
 */
int serve_listen_open(struct serve_listen *l, const char *host, int port,
		      struct diag *d);

/* Closes the socket if it is still ours, frees the URL. */
void serve_listen_release(struct serve_listen *l);

#endif
