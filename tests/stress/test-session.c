// SPDX-License-Identifier: MIT
/*
 * test-session.c - the whole record path inside one process, under TSan and ASan: the
 * generated event probes (sizes, reserve, TP_fast_assign, filter, commit) writing through
 * libtpoint's session into rings that a reader thread drains, as tpoint record's would.
 *
 * A constructor that runs before the events register makes the memfd ring and sets
 * TPOINT_SESSION_FD and TPOINT_EVENTS (ut_plain, and ut_blob with the filter 'len != 7'),
 * exactly as tpoint record sets them for a program. Three writer threads and SIGUSR1
 * handlers fire; a slow reader checks every entry it reads and the identity
 * fired == read + lost, where the entries the filter drops are not fired: a filtered event
 * is filtered before it takes ring space, so it can never be counted lost.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "page-walk.h"
#include "ring.h"
#include "tap.h"

#include "ut-events.h"	/* defined in tests/unit/ut-events.c */

#define NR_WRITERS	3
#define PER_WRITER	40000
#define NR_PAGES	16

/* The library's own mapping of the session (compiled in): one address for TSan to follow. */
extern struct ring *tpoint__ring;
static struct ring *ring;
static struct ring reader_ring;	/* the recorder's view: its own mapping and reader state */
static uint32_t nr_cpus;
static int id_plain, id_blob;
static uint64_t fired, filtered;	/* atomic */
static int stop_reader, stop_signals;	/* atomic */
static pthread_t writers[NR_WRITERS];
static __thread int in_writer;

static void __attribute__((constructor(101))) make_session(void)
{
	size_t size;
	char buf[32];
	void *mem;
	int fd;

	nr_cpus = (uint32_t)get_nprocs_conf();
	size = ring_layout(nr_cpus, NR_PAGES);
	fd = memfd_create("test-session", 0);
	if (fd < 0 || ftruncate(fd, (off_t)size) < 0)
		abort();
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED || ring_init(&reader_ring, mem, size, nr_cpus, NR_PAGES, 0))
		abort();
	/* libtpoint maps it again when the events register; this mapping is the reader's. */
	snprintf(buf, sizeof(buf), "%d", fd);
	setenv("TPOINT_SESSION_FD", buf, 1);
	setenv("TPOINT_EVENTS", "ut-sys:ut_plain\t\nut-sys:ut_blob\tlen != 7\n", 1);
}

static void fire_plain(int v)
{
	__atomic_fetch_add(&fired, 1, __ATOMIC_RELAXED);
	trace_ut_plain(v);
}

static void on_sigusr1(int sig)
{
	(void)sig;
	if (in_writer)
		fire_plain(-7);
}

static void *writer(void *arg)
{
	unsigned char buf[64];
	long w = (long)arg;
	int i;

	in_writer = 1;
	for (i = 0; i < 64; i++)
		buf[i] = (unsigned char)(i * 3);
	for (i = 0; i < PER_WRITER; i++) {
		int len = i % 50;

		fire_plain((int)(w << 20 | i));
		if (len == 7)
			__atomic_fetch_add(&filtered, 1, __ATOMIC_RELAXED);
		else
			__atomic_fetch_add(&fired, 1, __ATOMIC_RELAXED);
		trace_ut_blob(buf, len, "blob");
		if ((i & 255) == 255)
			usleep(50);
	}
	return NULL;
}

static void *signaller(void *arg)
{
	int i;

	(void)arg;
	while (!__atomic_load_n(&stop_signals, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < NR_WRITERS; i++)
			pthread_kill(writers[i], SIGUSR1);
		usleep(300);
	}
	return NULL;
}

struct check {
	uint64_t read, plain, blob, bad, badpage, filtered_seen;
};

static void check_entry(void *arg, const unsigned char *e, uint32_t len, uint64_t ts)
{
	struct check *c = arg;
	uint16_t type;
	int32_t v;

	(void)ts;
	c->read++;
	memcpy(&type, e, 2);
	if (type == id_plain && len >= 12) {
		memcpy(&v, e + 8, 4);
		c->plain++;
		if (v != -7 && ((v >> 20) >= NR_WRITERS || (v & 0xfffff) >= PER_WRITER))
			c->bad++;
		return;
	}
	if (type == id_blob) {
		/* name (__data_loc), buf (__data_loc), len: after the 8-byte header */
		uint32_t lname = pg_get32(e + 8), lbuf = pg_get32(e + 12), i;
		int32_t blen;

		memcpy(&blen, e + 16, 4);
		c->blob++;
		if ((lbuf >> 16) != (uint32_t)blen || (lbuf & 0xffff) + (lbuf >> 16) > len ||
		    (lname & 0xffff) + (lname >> 16) > len ||
		    strcmp((const char *)e + (lname & 0xffff), "blob") != 0) {
			c->bad++;
			return;
		}
		if (blen == 7)
			c->filtered_seen++;
		for (i = 0; i < (uint32_t)blen; i++)
			if (e[(lbuf & 0xffff) + i] != (unsigned char)(i * 3))
				c->bad++;
		return;
	}
	c->bad++;
}

static void check_page(struct check *c, const unsigned char *page)
{
	if (walk_page(page, check_entry, c) < 0)
		c->badpage++;
}

static void *reader(void *arg)
{
	struct check *c = arg;
	unsigned char page[RING_PAGE_SIZE];
	struct ring_read t;
	uint32_t cpu;
	int i = 0;

	/*
	 * Start once the writers have fired more than the rings hold, so that the rings
	 * fill and the loss path runs: the ring loses nothing while there is room, so a
	 * reader that keeps up would leave it untested.
	 */
	while (__atomic_load_n(&fired, __ATOMIC_RELAXED) < (uint64_t)NR_PAGES * nr_cpus * 400 &&
	       !__atomic_load_n(&stop_reader, __ATOMIC_ACQUIRE))
		usleep(100);
	for (;;) {
		int done = __atomic_load_n(&stop_reader, __ATOMIC_ACQUIRE);

		for (cpu = 0; cpu < nr_cpus; cpu++) {
			while (ring_read_page(&reader_ring, cpu, page, done, &t) > 0) {
				check_page(c, page);
				if (++i % 8 == 0)
					usleep(100);
			}
		}
		if (done)
			break;
		usleep(50);
	}
	return NULL;
}

int main(void)
{
	struct tpoint_event *plain = tpoint_event_lookup("ut-sys:ut_plain");
	struct tpoint_event *blob = tpoint_event_lookup("ut-sys:ut_blob");
	struct sigaction sa;
	struct check c;
	pthread_t rd, sg;
	uint64_t lost = 0;
	uint32_t cpu;
	long i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	memset(&c, 0, sizeof(c));

	ok(plain && blob && plain->enabled && blob->enabled && plain->recorded && blob->recorded,
	   "TPOINT_SESSION_FD/TPOINT_EVENTS enable and record the events named, before main");
	ok(plain && blob && plain->id >= 32768 && blob->id >= 32768 && plain->id != blob->id,
	   "their ids come from the session's registry (%d, %d)", plain ? plain->id : 0,
	   blob ? blob->id : 0);
	ring = tpoint__ring;
	ok(ring != NULL, "the library attached to the session");
	if (!plain || !blob || !ring)
		return tap_done();
	id_plain = plain->id;
	id_blob = blob->id;

	pthread_create(&rd, NULL, reader, &c);
	for (i = 0; i < NR_WRITERS; i++)
		pthread_create(&writers[i], NULL, writer, (void *)i);
	pthread_create(&sg, NULL, signaller, NULL);
	for (i = 0; i < NR_WRITERS; i++)
		pthread_join(writers[i], NULL);
	__atomic_store_n(&stop_signals, 1, __ATOMIC_RELEASE);
	pthread_join(sg, NULL);
	__atomic_store_n(&stop_reader, 1, __ATOMIC_RELEASE);
	pthread_join(rd, NULL);
	for (cpu = 0; cpu < nr_cpus; cpu++)
		lost += ring_lost(ring, cpu);

	diag("fired %llu (plain %llu, blob %llu read), filtered %llu, lost %llu",
	     (unsigned long long)fired, (unsigned long long)c.plain, (unsigned long long)c.blob,
	     (unsigned long long)filtered, (unsigned long long)lost);
	ok(fired == c.read + lost, "fired (%llu) == read (%llu) + lost (%llu)",
	   (unsigned long long)fired, (unsigned long long)c.read, (unsigned long long)lost);
	ok(c.read > 0 && lost > 0, "the slow reader read events and the small rings lost some");
	ok(c.bad == 0 && c.badpage == 0, "every entry whole: header, fields, strings, arrays "
	   "(%llu bad entries, %llu bad pages)", (unsigned long long)c.bad,
	   (unsigned long long)c.badpage);
	ok(c.filtered_seen == 0 && filtered > 0,
	   "the filter 'len != 7' dropped its %llu entries before commit",
	   (unsigned long long)filtered);
	return tap_done();
}
