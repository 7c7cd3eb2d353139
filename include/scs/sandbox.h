/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sandbox.h - what `scs serve` gives up once it has what it needs
 * (OpenBSD httpd, kore): the privileges of the user who started it, and
 * every system call a running server does not make.
 *
 * The order is the caller's: open the register, read the keys, bind the
 * port, start the threads, then scs_sandbox_drop_user() and
 * scs_sandbox_seccomp().  Both act on every thread of the process.
 */
#ifndef SCS_SANDBOX_H
#define SCS_SANDBOX_H

#include "scs/err.h"

/* What the sandbox did, for the start-up line and the tests. */
struct scs_sandbox_report {
	char user[64]; /* the user now running the server ("" if unchanged) */
	unsigned uid, gid;
	int seccomp;     /* 1: the filter is installed on every thread */
	unsigned ncalls; /* system calls the filter lets through */
	int probe_errno; /* what a forbidden execve returned (EPERM) */
};

/** Whether the server may become user @name (it exists, is not root, and
 * this process is root or already that user): said before anything is
 * opened, so that a typo costs no start. */
int scs_sandbox_user_check(const char *name, struct scs_err *err);

/**
 * Become user @name: its uid and primary group, no supplementary groups
 * (setgroups, setresgid, setresuid, each checked, then checked again by
 * reading them back and by failing to regain root).  Run as root; as
 * another user, @name must be that user already.  The process is made
 * non-dumpable: no core files or /proc/PID/mem of a process holding keys.
 */
int scs_sandbox_drop_user(const char *name, struct scs_sandbox_report *rep,
    struct scs_err *err);

/**
 * Set no_new_privs and install, on every thread, a seccomp filter that
 * lets through only the system calls a running `scs serve` makes (files
 * of the register, sockets it already has or opens to PostgreSQL,
 * threads, memory, time, random bytes); any other call fails with EPERM.
 * New processes cannot be made (execve, fork; clone only for threads).
 * Then prove it: an execve of a path that does not exist must fail with
 * EPERM, not ENOENT.  SCS_EINTERNAL (the kernel refused the filter, or the
 * probe was not refused), with the reason.
 */
int scs_sandbox_seccomp(struct scs_sandbox_report *rep, struct scs_err *err);

#endif
