/*
 * serve_listen: the listening socket.  See serve_listen.h.
 *
 * SO_REUSEADDR lets a restarted server take its port back while the old
 * connections sit in TIME_WAIT; on Linux it never lets two servers listen
 * on one port, so a second `prepbook serve` still gets EADDRINUSE.
 */
#include "serve_listen.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"

static bool is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
			(const struct sockaddr_in6 *)sa;
		const unsigned char *b = in6->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		       (memcmp(b, mapped, 12) == 0 && b[12] == 127);
	}
	return false;
}

/* A socket bound to ai and listening; -1 with errno set. */
static int bind_one(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family,
			ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);
	int yes = 1, saved;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 64) == 0)
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* The URL of the bound socket, from the address the kernel reports. */
static char *url_of(int fd, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[256], serv[32];
	struct buf url = BUF_INIT;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, serv,
			sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return NULL;
	*port = atoi(serv);
	buf_printf(&url,
		   ss.ss_family == AF_INET6 ? "http://[%s]:%s/"
					    : "http://%s:%s/",
		   host, serv);
	return buf_detach(&url);
}

static void say_why(struct diag *d, const char *host, int port, int err)
{
	const char *hint = "";

	if (err == EADDRINUSE)
		hint = " (another server has it: stop that one, or choose "
		       "another --port; --port 0 picks a free one)";
	else if (err == EACCES)
		hint = " (ports below 1024 need privileges: choose another "
		       "--port)";
	else if (err == EADDRNOTAVAIL)
		hint = " (no network interface of this machine has that "
		       "address)";
	diag_error(d, (struct pos){0}, "cannot listen on %s port %d: %s%s",
		   host, port, DIAG_STRERROR(err), hint);
}

int serve_listen_open(struct serve_listen *l, const char *host, int port,
		      struct diag *d)
{
	struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
				 .ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *list = NULL;
	char serv[16];
	int err = 0, found;

	*l = (struct serve_listen){.fd = -1};
	snprintf(serv, sizeof serv, "%d", port);
	found = getaddrinfo(host, serv, &hints, &list);
	if (found != 0) {
		diag_error(d, (struct pos){0}, "--host: cannot use '%s': %s",
			   host, gai_strerror(found));
		return -2;
	}
	for (const struct addrinfo *ai = list; ai && l->fd < 0;
	     ai = ai->ai_next) {
		l->fd = bind_one(ai);
		if (l->fd < 0 && (err == 0 || errno == EADDRINUSE))
			err = errno; /* the one most worth saying */
		else
			l->loopback = is_loopback(ai->ai_addr);
	}
	freeaddrinfo(list);
	if (l->fd >= 0)
		l->url = url_of(l->fd, &l->port);
	if (l->fd < 0 || l->url == NULL) {
		say_why(d, host, port, l->fd < 0 ? err : errno);
		serve_listen_release(l);
		return -1;
	}
	return 0;
}

void serve_listen_release(struct serve_listen *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	free(l->url);
	l->url = NULL;
}
