/* SPDX-License-Identifier: MIT */
/*
 * attach.h - what a recorder attaching to a running process (tpoint record -p) and the
 * library in that process say to each other, over the recorder's abstract unix socket
 * (SOCK_SEQPACKET: one message a packet). The control block the recorder writes first is
 * struct tpoint__live_ctl (tpoint.h).
 *
 *   recorder                                   traced process (its session thread)
 *   --------                                   -----------------------------------
 *   listen(@sock); ctl: sock, seq, REQUEST
 *   keys on (the knock)                        a hit takes it, starts the thread; connect()
 *   accept(), SO_PEERCRED: a target pid   <--  SO_PEERCRED: the ctl's recorder pid
 *   hello + rules, SCM_RIGHTS session fd  -->  map it, ids, rules, keys as the probes say
 *                                         <--  "ok" (or "error: why")
 *   ... drains the rings ...                   ... probes record ...
 *   "detach" (or EOF: the recorder died)  -->  rules and recording undone, grace period,
 *                                         <--  unmapped, "detached", close; ctl IDLE
 */
#ifndef TPOINT_ATTACH_H
#define TPOINT_ATTACH_H

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define ATTACH_HELLO_MAGIC	"tpoint-hello-v1"	/* 16 bytes with its NUL */
#define ATTACH_RULES_MAX	65536u	/* the rules' text, NUL included */
#define ATTACH_REPLY_MAX	256u	/* "ok", "error: ...", "detached" */
#define ATTACH_DETACH		"detach"
#define ATTACH_OK		"ok"
#define ATTACH_DETACHED		"detached"

/* The recorder's first message; the rules ("pattern<TAB>filter" lines) follow it. */
struct attach_hello {
	char magic[16];		/* ATTACH_HELLO_MAGIC */
	uint32_t seq;		/* the ctl's seq of the request this answers */
	uint32_t rules_len;	/* bytes after this header, the final NUL included */
};

/* @msg (zeroed here) to carry the @len bytes at @buf through @iov, and @clen of control. */
static inline void attach_msg(struct msghdr *msg, struct iovec *iov, void *buf, size_t len,
			      void *cbuf, size_t clen)
{
	memset(msg, 0, sizeof(*msg));
	iov->iov_base = buf;
	iov->iov_len = len;
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = cbuf;
	msg->msg_controllen = clen;
}

#endif /* TPOINT_ATTACH_H */
