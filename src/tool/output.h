/* SPDX-License-Identifier: MIT */
/*
 * output.h - an event as text, the ftrace way (report, trace), or as a JSON Lines object
 * (report --json): one formatter each, for every command.
 *
 *   <comm>-<pid> [<cpu>] <sec>.<usec>: <system>:<name>: <TP_printk text>
 *             sh-4242  [001]  1234.567890: signal:signal_generate: sig=9 errno=0 ...
 */
#ifndef TPOINT_OUTPUT_H
#define TPOINT_OUTPUT_H

struct tep_handle;
struct tep_event;
struct tep_record;
struct trace_seq;

/* "<comm>-<pid> [<cpu>] <sec>.<usec>: ", the time rounded to the microsecond as trace-cmd does. */
void out_head(struct trace_seq *q, const char *comm, int pid, int cpu, unsigned long long ns);
/* The whole line of @rec, '\n' included: the head, "system:name: ", the TP_printk text. */
void out_text(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
	      struct tep_record *rec);
/* @s as a JSON string, quoted and escaped. */
void out_json_str(struct trace_seq *q, const char *s);
/* The fields of @rec as a JSON object, every field typed: {"name":value,...} */
void out_json_fields(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
		     struct tep_record *rec);
/*
 * {"ts":..,"cpu":..,"pid":..,"tgid":..,"comm":..,"system":..,"event":..,"fields":{..}} and
 * '\n': pid is the thread (common_pid, as ftrace), tgid its process (@tgid, left out when
 * it is not known: -1).
 */
void out_json(struct trace_seq *q, struct tep_handle *tep, struct tep_event *ev,
	      struct tep_record *rec, int tgid);

#endif /* TPOINT_OUTPUT_H */
