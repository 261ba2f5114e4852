// SPDX-License-Identifier: MIT
/*
 * pidattach.c - record, trace and top attached to programs that already run (-p PID).
 *
 * For each target: its mappings (/proc/PID/maps) name the objects it loaded; each is read
 * as an ELF file (elf/elf.c: bounded, checked) for tpoint__live_ctl, the control block
 * libtpoint exports, and for __tpoint_tracepoints_ptrs, its tracepoints. The load bias is
 * where the object's offset 0 is mapped. Then, through process_vm_readv/writev only, which
 * the kernel allows exactly to who may ptrace the target (same uid and Yama's ptrace_scope,
 * or CAP_SYS_PTRACE: PTRACE_MODE_ATTACH_REALCREDS), the control block is checked free and
 * the request written into it, and every tracepoint's key turned on (the knock). A thread
 * of the target that hits one starts the library's session thread (src/lib/attach.c),
 * which connects to our socket; we check its pid (SO_PEERCRED), send the rules and the
 * session memory, and it answers. Nothing the target writes is trusted: its messages are
 * bounded strings, its files and maps are read as hostile input.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "elf/elf.h"
#include "kernel.h"
#include "launch.h"
#include "pidattach.h"
#include "procfs.h"
#include "tool.h"

#define PA_MAX_TARGETS	256
#define PA_MAX_KEYS	(1u << 20)	/* tracepoints in one process: more is a corrupt file */
#define PA_IOV		1024		/* iovecs a process_vm_* call takes (IOV_MAX) */
#define PA_REPLY_MS	5000		/* a connected target answers within this */
#define PA_DETACH_MS	2000		/* and detaches within this */
/* The k.on half of a tracepoint's key (tpoint.h): what we turn on, never the USDT half. */
#define PA_KEY_ON	offsetof(struct tpoint_tracepoint, k.on)

/* ---------------------------------------------------------------------------------------- */
/* The target's memory: process_vm_readv/writev, ptrace's permission */

static int pa_rw(struct pa_target *t, uint64_t addr, void *buf, size_t len, int write)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = write ? process_vm_writev(t->pid, &local, 1, &remote, 1, 0)
			  : process_vm_readv(t->pid, &local, 1, &remote, 1, 0);

	return n == (ssize_t)len ? 0 : -1;
}

/* The k.on halves of keys [@from, @from + @n): read into @into, or written with @val. */
static int pa_keys_io(struct pa_target *t, size_t from, size_t n, const uint16_t *val,
		      uint16_t *into)
{
	struct iovec local[PA_IOV], remote[PA_IOV];
	size_t i;

	for (i = 0; i < n; i++) {
		local[i].iov_base = val ? (void *)(uintptr_t)&val[from + i] : &into[from + i];
		local[i].iov_len = sizeof(uint16_t);
		remote[i].iov_base = (void *)(uintptr_t)t->keys[from + i];
		remote[i].iov_len = sizeof(uint16_t);
	}
	if ((val ? process_vm_writev(t->pid, local, n, remote, n, 0)
		 : process_vm_readv(t->pid, local, n, remote, n, 0)) != (ssize_t)(n * 2))
		return -1;
	return 0;
}

/* Every key read into @into (@val NULL) or written (@val[i] to key i): 0, or -1 (errno). */
static int pa_keys(struct pa_target *t, const uint16_t *val, uint16_t *into)
{
	size_t i, n;

	for (i = 0; i < t->nkeys; i += n) {
		n = t->nkeys - i < PA_IOV ? t->nkeys - i : PA_IOV;
		if (pa_keys_io(t, i, n, val, into))
			return -1;
	}
	return 0;
}

static const char *pa_why(int err)
{
	if (err == EPERM || err == EACCES)
		return "not permitted: tpoint may attach only to a process it may ptrace (the same "
		       "user and kernel.yama.ptrace_scope allowing it, or CAP_SYS_PTRACE; run as "
		       "its user or as root)";
	if (err == ESRCH || err == ENOENT)
		return "no such process";
	return strerror(err);
}

/* A target's text, shown: what is not printable ASCII (escapes...) becomes '?'. */
static const char *pa_printable(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	return s;
}

/*
 * Is @pid in another namespace of @kind than we are? The socket it connects to is in our
 * network namespace, and the pid it checks is in its pid namespace: both must be ours.
 */
static int pa_other_ns(int pid, const char *kind)
{
	char a[64], b[64];
	struct stat sa, sb;

	snprintf(a, sizeof(a), "/proc/self/ns/%s", kind);
	snprintf(b, sizeof(b), "/proc/%d/ns/%s", pid, kind);
	if (stat(a, &sa) || stat(b, &sb))
		return 0;	/* not readable: process_vm_readv decides next */
	return sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev;
}

/* ---------------------------------------------------------------------------------------- */
/* Finding the control block and the tracepoints in the target's objects */

/* @e's tracepoints, mapped with load bias @bias, appended to @t->keys. */
static int pa_add_keys(struct pa_target *t, const struct elf *e, uint64_t bias)
{
	const Elf64_Shdr *s = elf_section(e, "__tpoint_tracepoints_ptrs");
	uint64_t i, n, tp;
	uint64_t *k;

	if (!s)
		return 0;
	n = s->sh_size / 8;
	if (n > PA_MAX_KEYS - t->nkeys)
		return -1;
	k = realloc(t->keys, (t->nkeys + n) * sizeof(*k));
	if (!k)
		return -1;
	t->keys = k;
	for (i = 0; i < n; i++) {
		tp = elf_ptr_at(e, s->sh_addr + i * 8);
		if (tp)
			t->keys[t->nkeys++] = bias + tp + PA_KEY_ON;
	}
	return 0;
}

/*
 * Where tpoint__live_ctl is in @e: its symbol's address, or (a program linked with
 * libtpoint.a and stripped has no symbol table) its section's, where libtpoint's session.c
 * puts it. A program with a copy relocation of it has the symbol (in .dynsym, which strip
 * keeps) and no such section. 0, or -1 if @e has neither.
 */
static int pa_ctl_in(const struct elf *e, uint64_t *ctl)
{
	const Elf64_Shdr *s;

	if (elf_symbol(e, "tpoint__live_ctl", ctl) == 0)
		return 0;
	s = elf_section(e, "__tpoint_live_ctl");
	if (!s || s->sh_type != SHT_PROGBITS || s->sh_size < sizeof(struct tpoint__live_ctl))
		return -1;
	*ctl = s->sh_addr;
	return 0;
}

/* One object mapped at @start (its offset 0), called @path in the target; @exe: its program. */
static void pa_object(struct pa_target *t, uint64_t start, uint64_t end, const char *path,
		      int exe)
{
	char file[4200], err[512];
	uint64_t base, ctl;
	struct elf e;

	/* The very file mapped (even deleted), as root; else by its name, from the target's root. */
	snprintf(file, sizeof(file), "/proc/%d/map_files/%llx-%llx", t->pid,
		 (unsigned long long)start, (unsigned long long)end);
	if (access(file, R_OK) != 0)
		snprintf(file, sizeof(file), "/proc/%d/root%s", t->pid, path);
	if (elf_open(&e, file, err, sizeof(err)) == 0 && elf_file_base(&e, &base) == 0 &&
	    start >= base) {
		/*
		 * The dynamic linker binds tpoint__live_ctl to the program's copy first (a PIE
		 * or non-PIE executable has a copy relocation of it), then to libtpoint's.
		 */
		if ((exe || !t->ctl) && pa_ctl_in(&e, &ctl) == 0)
			t->ctl = start - base + ctl;
		pa_add_keys(t, &e, start - base);
	}
	elf_close(&e);
}

/* The device and inode of the target's program, to know its mapping. */
static void pa_exe_id(const struct pa_target *t, unsigned long long *dev, unsigned long long *ino)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/exe", t->pid);
	*dev = *ino = 0;
	if (stat(path, &st) == 0) {
		*dev = (unsigned long long)st.st_dev;
		*ino = (unsigned long long)st.st_ino;
	}
}

#define PA_MAX_OBJECTS	4096	/* distinct files mapped at offset 0 we read */

/*
 * Each object's first mapping (file offset 0) in /proc/PID/maps, once per file (a file
 * also mapped as data, as libbacktrace maps its own program, is not read twice). 0, or -1.
 */
static int pa_scan_maps(struct pa_target *t)
{
	static struct { unsigned long long dev, ino; } seen[PA_MAX_OBJECTS];
	static struct proc_map m;
	unsigned long long exe_dev, exe_ino;
	char path[64], line[4352];
	unsigned int nseen = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", t->pid);
	pa_exe_id(t, &exe_dev, &exe_ino);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && nseen < PA_MAX_OBJECTS) {
		if (!proc_map_line(line, &m) || m.off != 0)
			continue;
		for (i = 0; i < nseen && (seen[i].ino != m.ino || seen[i].dev != m.dev); i++)
			;
		if (i < nseen)
			continue;
		seen[nseen].dev = m.dev;
		seen[nseen++].ino = m.ino;
		pa_object(t, m.start, m.end, m.name, m.ino == exe_ino && m.dev == exe_dev);
	}
	fclose(f);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Knocking */

/* The target's ctl state read into, or written from, *@state: 0, or -1 (errno). */
static int pa_state(struct pa_target *t, uint32_t *state, int write)
{
	return pa_rw(t, t->ctl + offsetof(struct tpoint__live_ctl, state), state, sizeof(*state),
		     write);
}

/* Its control block read and checked free: 0, or -1 after a message. */
static int pa_check_ctl(struct pidattach *a, struct pa_target *t)
{
	struct tpoint__live_ctl c;

	if (!t->ctl)
		return tool_error(a->cmd, "-p %d (%s): it is not linked with libtpoint (no "
				  "tpoint__live_ctl in its mappings): nothing to attach to", t->pid,
				  t->comm);
	if (pa_rw(t, t->ctl, &c, sizeof(c), 0))
		return tool_error(a->cmd, "-p %d (%s): cannot read its memory: %s", t->pid,
				  t->comm, pa_why(errno));
	if (memcmp(c.magic, TPOINT__LIVE_MAGIC, sizeof(TPOINT__LIVE_MAGIC)) ||
	    c.struct_size < sizeof(c))
		return tool_error(a->cmd, "-p %d (%s): its libtpoint is of another version; "
				  "record it with a tpoint of that version", t->pid, t->comm);
	if (c.state == TPOINT__LIVE_LAUNCHED)
		return tool_error(a->cmd, "-p %d (%s): it was started by tpoint record and is "
				  "recorded by it already", t->pid, t->comm);
	if (c.state != TPOINT__LIVE_IDLE)
		return tool_error(a->cmd, "-p %d (%s): another tpoint (pid %d) is attached to it "
				  "or attaching; stop that one first", t->pid, t->comm,
				  (int)c.recorder);
	return 0;
}

/*
 * The process @pid is a thread of (its Tgid), or -1 if unknown. /proc/TID exists for any
 * thread's id, unlisted, and reads as the process; but the process's session thread
 * connects as the process (SO_PEERCRED), so the pid we wait for must be the process's.
 */
static int pa_tgid(int pid)
{
	int tgid = -1;

	proc_status(pid, &tgid, NULL);	/* the process a thread is of: its Tgid, or -1 */
	return tgid;
}

/* One target found and checked: 0, or -1 after a message. */
static int pa_find(struct pidattach *a, struct pa_target *t)
{
	char path[64];
	FILE *f;
	int tgid;

	snprintf(path, sizeof(path), "/proc/%d/comm", t->pid);
	f = fopen(path, "re");
	if (!f)
		return tool_error(a->cmd, "-p %d: %s", t->pid, pa_why(errno));
	if (fgets(t->comm, sizeof(t->comm), f))
		t->comm[strcspn(t->comm, "\n")] = '\0';
	fclose(f);
	pa_printable(t->comm);
	tgid = pa_tgid(t->pid);
	if (tgid > 0 && tgid != t->pid)
		return tool_error(a->cmd, "-p %d (%s): it is a thread of process %d; give -p %d "
				  "(all its threads are traced)", t->pid, t->comm, tgid, tgid);
	if (pa_other_ns(t->pid, "net") || pa_other_ns(t->pid, "pid"))
		return tool_error(a->cmd, "-p %d (%s): it runs in another %s namespace (a "
				  "container?): run tpoint inside it (nsenter -t %d -a)", t->pid,
				  t->comm, pa_other_ns(t->pid, "net") ? "network" : "pid", t->pid);
	if (pa_scan_maps(t))
		return tool_error(a->cmd, "-p %d (%s): cannot read its mappings: %s", t->pid,
				  t->comm, pa_why(errno));
	if (pa_check_ctl(a, t))
		return -1;
	t->was = calloc(t->nkeys ? t->nkeys : 1, sizeof(*t->was));
	if (!t->was || pa_keys(t, NULL, t->was))
		return tool_error(a->cmd, "-p %d (%s): cannot read its tracepoints: %s", t->pid,
				  t->comm, pa_why(errno));
	t->pidfd = (int)syscall(SYS_pidfd_open, t->pid, 0);
	return 0;
}

/* Write the request, then the knock on every key. 0, or -1 after a message. */
static int pa_knock(struct pidattach *a, struct pa_target *t)
{
	struct {
		int32_t recorder;
		uint32_t seq;
		char sock[TPOINT__LIVE_SOCK_MAX];
		int32_t error;
	} req;
	uint32_t state = TPOINT__LIVE_REQUEST, now;
	uint16_t *on = malloc((t->nkeys ? t->nkeys : 1) * sizeof(*on));
	size_t i;
	int ret = 0;

	memset(&req, 0, sizeof(req));
	req.recorder = (int32_t)getpid();
	req.seq = a->seq;
	memcpy(req.sock, a->sock, sizeof(req.sock));
	for (i = 0; on && i < t->nkeys; i++)
		on[i] = 1;
	/* Free still? Another tpoint may have knocked since pidattach_find() looked. */
	if (pa_state(t, &now, 0) == 0 &&
	    now != TPOINT__LIVE_IDLE) {
		free(on);
		t->state = PA_FAILED;	/* not ours to withdraw */
		return tool_error(a->cmd, "-p %d (%s): another tpoint attached to it meanwhile; "
				  "stop that one first", t->pid, t->comm);
	}
	/* The request, then the state: the library's acquire CAS on the state reads it after. */
	if (!on || pa_rw(t, t->ctl + offsetof(struct tpoint__live_ctl, recorder), &req,
			 sizeof(req), 1) ||
	    pa_state(t, &state, 1) ||
	    pa_keys(t, on, NULL))
		ret = tool_error(a->cmd, "-p %d (%s): cannot write its memory: %s", t->pid,
				 t->comm, pa_why(errno));
	free(on);
	return ret;
}

/* The abstract socket targets connect to: "tpoint-PID-RANDOM". 0, or -1 after a message. */
static int pa_listen(struct pidattach *a)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timespec ts;
	size_t len;

	uint32_t name;

	/* Unguessable: the name is public (/proc/net/unix), the seq only in the target's ctl. */
	clock_gettime(CLOCK_REALTIME, &ts);
	if (getrandom(&a->seq, sizeof(a->seq), 0) != sizeof(a->seq) ||
	    getrandom(&name, sizeof(name), 0) != sizeof(name)) {
		a->seq = (uint32_t)(ts.tv_nsec ^ (getpid() << 12));
		name = (uint32_t)ts.tv_sec ^ a->seq;
	}
	snprintf(a->sock, sizeof(a->sock), "tpoint-%d-%08x", (int)getpid(), name);
	len = strlen(a->sock);
	memcpy(sa.sun_path + 1, a->sock, len);
	a->lsock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (a->lsock < 0 ||
	    bind(a->lsock, (struct sockaddr *)&sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) < 0 ||
	    listen(a->lsock, PA_MAX_TARGETS) < 0)
		return tool_error(a->cmd, "cannot make the socket targets connect to: %s",
				  strerror(errno));
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The command line, and the start */

static struct pa_target *pa_by_pid(struct pidattach *a, int pid)
{
	unsigned int i;

	for (i = 0; i < a->n; i++)
		if (a->t[i].pid == pid)
			return &a->t[i];
	return NULL;
}

int pidattach_parse(struct pidattach *a, const char *cmd, const char *list)
{
	const char *p = list;
	char *end;
	long pid;

	if (!a->cmd) {
		a->cmd = cmd;
		a->lsock = -1;
	}
	do {
		errno = 0;
		pid = strtol(p, &end, 10);
		if (errno || end == p || pid <= 0 || pid > INT32_MAX || (*end && *end != ','))
			return tool_error(cmd, "-p '%s': give process ids, like -p 1234 or "
					  "-p 1234,1240", list);
		p = end + 1;
		if (pa_by_pid(a, (int)pid))
			continue;	/* given twice: one program, attached to once */
		if (a->n >= PA_MAX_TARGETS)
			return tool_error(cmd, "-p: at most %d processes", PA_MAX_TARGETS);
		a->t = realloc(a->t, (a->n + 1) * sizeof(*a->t));
		if (!a->t)
			return tool_error(cmd, "out of memory");
		memset(&a->t[a->n], 0, sizeof(a->t[a->n]));
		a->t[a->n].pid = (int)pid;
		a->t[a->n].pidfd = a->t[a->n].conn = -1;
		a->n++;
	} while (*end);
	return 0;
}

/* set_event_pid: every thread of every target (then event-fork follows new ones). */
static int pa_kernel(struct pidattach *a, struct kern *k, char *err, size_t len)
{
	int pids[4096];
	unsigned int i, n = 0;

	for (i = 0; i < a->n; i++) {
		char path[64];
		struct dirent *de;
		DIR *d;

		snprintf(path, sizeof(path), "/proc/%d/task", a->t[i].pid);
		d = opendir(path);
		while (d && (de = readdir(d)) != NULL && n < sizeof(pids) / sizeof(pids[0]))
			if (atoi(de->d_name) > 0)
				pids[n++] = atoi(de->d_name);
		if (d)
			closedir(d);
	}
	if (kern_follow_pids(k, pids, n, err, len))
		return -1;
	return kern_enable(k, err, len);
}

/*
 * The targets share one session memory (rings, registry, task names), as a program and its
 * children do: each could read and damage the others' events. So they must be one user's.
 */
static int pa_same_user(struct pidattach *a, const struct pa_target *t)
{
	char path[64];
	struct stat st, st0;

	snprintf(path, sizeof(path), "/proc/%d", t->pid);
	if (stat(path, &st))
		return tool_error(a->cmd, "-p %d: %s", t->pid, pa_why(errno));
	snprintf(path, sizeof(path), "/proc/%d", a->t[0].pid);
	if (t != &a->t[0] && (stat(path, &st0) || st0.st_uid != st.st_uid))
		return tool_error(a->cmd, "-p %d,%d: they run as different users (%u, %u), and "
				  "would share one session memory; record each with its own "
				  "tpoint record -p", a->t[0].pid, t->pid, (unsigned)st0.st_uid,
				  (unsigned)st.st_uid);
	return 0;
}

int pidattach_find(struct pidattach *a)
{
	char link[64];
	ssize_t n;
	unsigned int i;

	for (i = 0; i < a->n; i++)
		if (pa_find(a, &a->t[i]) || pa_same_user(a, &a->t[i]))
			return -1;
	/* The first one's program, by the name it was started from, for the rules' check. */
	snprintf(link, sizeof(link), "/proc/%d/exe", a->t[0].pid);
	n = readlink(link, a->exe, sizeof(a->exe) - 1);
	if (n <= 0 || (size_t)n >= sizeof(a->exe) - 1)
		snprintf(a->exe, sizeof(a->exe), "%s", link);
	else
		a->exe[n] = '\0';
	return 0;
}

int pidattach_start(struct pidattach *a, struct launch *s, struct kern *k)
{
	char err[1024];
	unsigned int i;

	a->memfd = s->memfd;
	a->rules = s->events_env;
	if (k->nr && pa_kernel(a, k, err, sizeof(err)))
		return tool_error(a->cmd, "%s", err);
	if (pa_listen(a))
		return -1;
	for (i = 0; i < a->n; i++) {
		a->t[i].state = PA_KNOCKED;	/* from the first write: pidattach_stop() undoes it */
		a->t[i].knocked_ns = tool_now_ns();
		if (pa_knock(a, &a->t[i])) {
			pidattach_stop(a);
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Targets connecting, leaving, gone */

/* A reply of the target on @fd within @ms into @buf (NUL-terminated): its length, or -1. */
static int pa_reply(int fd, char *buf, size_t len, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return -1;
	n = recv(fd, buf, len - 1, MSG_DONTWAIT);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* Hello, the rules and the session's descriptor to @t, then its answer. 0, or -1. */
static int pa_hello(struct pidattach *a, struct pa_target *t)
{
	size_t rlen = strlen(a->rules) + 1, size = sizeof(struct attach_hello) + rlen;
	char cbuf[CMSG_SPACE(sizeof(int))], reply[ATTACH_REPLY_MAX];
	struct msghdr msg;
	struct attach_hello *h;
	struct cmsghdr *c;
	struct iovec iov;
	int ok;

	if (rlen > ATTACH_RULES_MAX || !(h = calloc(1, size)))
		return -1;
	memcpy(h->magic, ATTACH_HELLO_MAGIC, sizeof(h->magic));
	h->seq = a->seq;
	h->rules_len = (uint32_t)rlen;
	memcpy(h + 1, a->rules, rlen);
	attach_msg(&msg, &iov, h, size, cbuf, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &a->memfd, sizeof(int));
	ok = sendmsg(t->conn, &msg, MSG_NOSIGNAL) == (ssize_t)size &&
	     pa_reply(t->conn, reply, sizeof(reply), PA_REPLY_MS) > 0;
	free(h);
	if (ok && strcmp(reply, ATTACH_OK) == 0)
		return 0;
	tool_error(a->cmd, "-p %d (%s): the attach failed: %s", t->pid, t->comm,
		   !ok ? "it did not answer" : pa_printable(reply));
	return -1;
}

/* Has @t exited? */
static int pa_gone(const struct pa_target *t)
{
	struct pollfd p = { t->pidfd, POLLIN, 0 };

	if (t->pidfd >= 0)
		return poll(&p, 1, 0) > 0;
	return kill(t->pid, 0) < 0 && errno == ESRCH;
}

/* One connection: a target we knocked on, by its pid as the kernel tells it. */
static void pa_accept(struct pidattach *a, int fd)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct pa_target *t;

	/* Still the process we knocked on (its pidfd not readable): not a pid reused since. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
	    !(t = pa_by_pid(a, (int)cred.pid)) || t->state != PA_KNOCKED || pa_gone(t)) {
		close(fd);
		return;
	}
	t->conn = fd;
	if (pa_hello(a, t)) {
		close(t->conn);
		t->conn = -1;
		t->state = PA_FAILED;
		return;
	}
	t->state = PA_ATTACHED;
	fprintf(stderr, "tpoint %s: attached to %d (%s)\n", a->cmd, t->pid, t->comm);
}

#define PA_NOTE_NS	3000000000ull	/* asked this long without an answer: say so */

/*
 * A target asked, not attached yet: its ctl says whether its thread failed (IDLE with an
 * errno: it could not connect, or was answered by no one) or it waits for a hit.
 */
static void pa_watch(struct pidattach *a, struct pa_target *t)
{
	struct tpoint__live_ctl c;

	if (pa_rw(t, t->ctl, &c, sizeof(c), 0))
		return;		/* gone: pa_gone() says */
	if (c.state == TPOINT__LIVE_IDLE || c.state == TPOINT__LIVE_LAUNCHED ||
	    (c.state == TPOINT__LIVE_ATTACHED && c.recorder != (int32_t)getpid())) {
		t->state = PA_FAILED;
		tool_error(a->cmd, "-p %d (%s): the attach failed: %s", t->pid, t->comm,
			   c.state != TPOINT__LIVE_IDLE ? "another tpoint took it over" :
			   c.error ? strerror(c.error) : "the request was withdrawn");
		return;
	}
	if (!t->noted && c.state == TPOINT__LIVE_REQUEST &&
	    tool_now_ns() - t->knocked_ns > PA_NOTE_NS) {
		t->noted = 1;
		fprintf(stderr, "tpoint %s: waiting for %d (%s) to hit a tracepoint (outside a "
			"signal handler); Ctrl-C gives up\n", a->cmd, t->pid, t->comm);
	}
}

/*
 * Has @t's session thread closed its end while attached? It answers only when asked, and
 * closes only after "detached"; its end goes away unasked when the program runs exec (the
 * socket is close-on-exec, and the new image knows no session). Its death is pa_gone()'s.
 */
static int pa_let_go(const struct pa_target *t)
{
	struct pollfd p = { t->conn, POLLIN, 0 };
	char c;

	if (t->conn < 0 || poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLHUP | POLLERR))
		return 1;
	return recv(t->conn, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

#define PA_EXIT_MS	200	/* its socket closed: it is gone within this if it is dying */

/* @t's session thread let go unasked: it runs exec, or it is dying (its files close first). */
static void pa_ended(const struct pidattach *a, const struct pa_target *t)
{
	struct pollfd p = { t->pidfd, POLLIN, 0 };
	int gone;

	if (t->pidfd >= 0) {
		gone = poll(&p, 1, PA_EXIT_MS) > 0;
	} else {
		usleep(PA_EXIT_MS * 1000);
		gone = pa_gone(t);
	}
	if (gone)
		fprintf(stderr, "tpoint %s: %d (%s) has exited\n", a->cmd, t->pid, t->comm);
	else
		fprintf(stderr, "tpoint %s: %d (%s) let go of the session (it ran exec?): its "
			"recording ends here\n", a->cmd, t->pid, t->comm);
}

/* Is a target still asked or attached? */
static int pa_running(const struct pidattach *a)
{
	unsigned int i;

	for (i = 0; i < a->n; i++)
		if (a->t[i].state == PA_KNOCKED || a->t[i].state == PA_ATTACHED)
			return 1;
	return 0;
}

int pidattach_service(struct pidattach *a)
{
	unsigned int i;
	int fd;

	while (a->lsock >= 0 && (fd = accept4(a->lsock, NULL, NULL, SOCK_CLOEXEC)) >= 0)
		pa_accept(a, fd);
	for (i = 0; i < a->n; i++) {
		struct pa_target *t = &a->t[i];

		if ((t->state == PA_KNOCKED || t->state == PA_ATTACHED) && pa_gone(t)) {
			t->state = PA_GONE;
			fprintf(stderr, "tpoint %s: %d (%s) has exited\n", a->cmd, t->pid, t->comm);
		} else if (t->state == PA_ATTACHED && pa_let_go(t)) {
			t->state = PA_GONE;
			pa_ended(a, t);
		} else if (t->state == PA_KNOCKED) {
			pa_watch(a, t);
		}
	}
	return pa_running(a);
}

int pidattach_failed(const struct pidattach *a)
{
	unsigned int i;

	for (i = 0; i < a->n; i++)
		if (a->t[i].state == PA_FAILED)
			return 1;
	return 0;
}


/* A target asked but never attached: the request withdrawn, the keys as they were. */
static void pa_cancel(struct pa_target *t)
{
	uint32_t state, idle = TPOINT__LIVE_IDLE;
	uint16_t *back;
	size_t i;

	if (pa_state(t, &state, 0) ||
	    state != TPOINT__LIVE_REQUEST)
		return;		/* taken meanwhile: its thread finds no socket and sets it back */
	pa_state(t, &idle, 1);
	back = malloc((t->nkeys ? t->nkeys : 1) * sizeof(*back));
	/*
	 * Our knock off: a key that was off before it and is on now goes back off; one the
	 * program turned on or off meanwhile (its own probes) is as the program left it.
	 */
	if (back && pa_keys(t, NULL, back) == 0) {
		for (i = 0; i < t->nkeys; i++)
			back[i] = back[i] == 1 && t->was[i] == 0 ? 0 : back[i];
		pa_keys(t, back, NULL);
	}
	free(back);
}

/* Ask @t to detach and wait for its "detached" (or its end). */
static void pa_detach(struct pidattach *a, struct pa_target *t)
{
	char reply[ATTACH_REPLY_MAX];

	if (send(t->conn, ATTACH_DETACH, sizeof(ATTACH_DETACH), MSG_NOSIGNAL) < 0 ||
	    pa_reply(t->conn, reply, sizeof(reply), PA_DETACH_MS) < 0 ||
	    strcmp(reply, ATTACH_DETACHED) != 0)
		tool_warn(a->cmd, "%d (%s) did not say it detached within %d s (it exited, or "
			  "it is stopped); it detaches when it runs again", t->pid, t->comm,
			  PA_DETACH_MS / 1000);
	else
		fprintf(stderr, "tpoint %s: detached from %d (%s)\n", a->cmd, t->pid, t->comm);
	t->state = PA_DETACHED;
}

void pidattach_stop(struct pidattach *a)
{
	unsigned int i;

	pidattach_service(a);		/* those connecting now are let go properly */
	for (i = 0; i < a->n; i++) {
		struct pa_target *t = &a->t[i];

		if (t->state == PA_ATTACHED)
			pa_detach(a, t);
		else if (t->state == PA_KNOCKED)
			pa_cancel(t);
		if (t->state == PA_KNOCKED)
			t->state = PA_DETACHED;
	}
	if (a->lsock >= 0)
		close(a->lsock);
	a->lsock = -1;
}

void pidattach_free(struct pidattach *a)
{
	unsigned int i;

	if (!a->cmd)
		return;		/* never set up (no -p) */
	for (i = 0; i < a->n; i++) {
		if (a->t[i].conn >= 0)
			close(a->t[i].conn);
		if (a->t[i].pidfd >= 0)
			close(a->t[i].pidfd);
		free(a->t[i].keys);
		free(a->t[i].was);
	}
	if (a->lsock >= 0)
		close(a->lsock);
	free(a->t);
	memset(a, 0, sizeof(*a));
	a->lsock = -1;
}
