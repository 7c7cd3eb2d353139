/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sandbox.c - `scs serve` gives up root and every system call it does not
 * need (include/scs/sandbox.h).  The allow list is written for what the
 * server does after start: requests over sockets it already listens on,
 * the register's files (SQLite, the index cache) or PostgreSQL over TCP or
 * a Unix socket (with TLS and name lookups), threads, memory, time and
 * random bytes.  Anything else fails with EPERM rather than killing the
 * process, so that a call missed here shows up as an error in a test, not
 * as a dead register; no process can be started (execve, fork) at all.
 */
#define _GNU_SOURCE /* setresuid, setresgid, getresuid, getresgid */

#include <errno.h>
#include <grp.h>
#include <linux/netlink.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "scs/sandbox.h"

/* libseccomp's SCMP_A0..SCMP_A5 build a struct scmp_arg_cmp from two of
 * its three fields; clang warns about the third (datum_b, unused by the
 * comparisons here), which -Werror made fatal in `make fuzz CC=clang`. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* A sanitized build's runtime (LeakSanitizer at exit) stops the world
 * with a traced clone: it needs calls the server itself never makes. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

/* Allowed with any arguments.  Names unknown to this architecture's
 * table (or to an older libseccomp) are left out. */
static const char *const allowed[] = {
    /* memory */
    "brk",
    "mmap",
    "munmap",
    "mremap",
    "mprotect",
    "madvise",
    "mlock",
    "munlock",
    "membarrier",
    /* threads, signals, time */
    "futex",
    "set_robust_list",
    "get_robust_list",
    "rseq",
    "set_tid_address",
    "gettid",
    "getpid",
    "tgkill",
    "sched_yield",
    "sched_getaffinity",
    "exit",
    "exit_group",
    "restart_syscall",
    "nanosleep",
    "clock_nanosleep",
    "clock_gettime",
    "clock_getres",
    "gettimeofday",
    "time",
    "rt_sigaction",
    "rt_sigprocmask",
    "rt_sigreturn",
    "rt_sigtimedwait",
    "sigaltstack",
    /* files of the register and of the system (time zone, TLS roots) */
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "preadv",
    "pwritev",
    "openat",
    "open",
    "close",
    "fstat",
    "newfstatat",
    "stat",
    "lstat",
    "statx",
    "lseek",
    "fcntl",
    "fsync",
    "fdatasync",
    "ftruncate",
    "fallocate",
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    "readlink",
    "readlinkat",
    "access",
    "faccessat",
    "faccessat2",
    "getcwd",
    "fchmod",
    "fchown",
    "getdents64",
    "dup",
    "dup2",
    "dup3",
    "pipe2",
    "eventfd2",
    "statfs",
    "fstatfs",
    "umask",
    /* who and where */
    "getrandom",
    "uname",
    "sysinfo",
    "getrlimit",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getresuid",
    "getresgid",
    "getgroups",
    /* sockets: the listening ones, and PostgreSQL's */
    "connect",
    "accept",
    "accept4",
    "sendto",
    "recvfrom",
    "sendmsg",
    "recvmsg",
    "sendmmsg",
    "recvmmsg",
    "shutdown",
    "getsockopt",
    "setsockopt",
    "getsockname",
    "getpeername",
    "poll",
    "ppoll",
    "select",
    "pselect6",
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "sendfile",
#ifdef SANITIZED
    "ptrace",
    "getdents",
    "wait4",
    "waitid",
    "getppid",
    "kill",
    "prctl",
    "clone",
    "process_vm_readv",
    "mincore",
    "pipe",
    "sched_getparam",
#endif
};

static int
allow_name(scmp_filter_ctx ctx, const char *name, unsigned *n)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0)
		return -1;
	(*n)++;
	return 0;
}

/* The calls allowed only with some arguments. */
static int
allow_narrow(scmp_filter_ctx ctx, unsigned *n)
{
	static const int families[] = {AF_UNIX, AF_INET, AF_INET6};
	static const unsigned long ioctls[] = {TCGETS, FIONREAD, FIONBIO};
	size_t i;

	/* Sockets of the families PostgreSQL and name lookups use; netlink
	 * only to read the routes (getaddrinfo's AI_ADDRCONFIG). */
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
		        SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i])) != 0)
			return -1;
	/* socket, ioctl, prlimit64 (and prctl, clone) count once each. */
	*n += 3;
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 2,
	        SCMP_A0(SCMP_CMP_EQ, AF_NETLINK),
	        SCMP_A2(SCMP_CMP_EQ, NETLINK_ROUTE)) != 0)
		return -1;
	for (i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		        SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)ioctls[i])) != 0)
			return -1;
	/* Limits may be read, not raised. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
	        SCMP_A2(SCMP_CMP_EQ, 0)) != 0)
		return -1;
#ifndef SANITIZED
	/* Thread names only. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	        SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	        SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME)) != 0)
		return -1;
	/* Threads, never processes: clone must share the thread group.
	 * clone3 passes its flags in memory a filter cannot read, so it
	 * answers ENOSYS and the C library falls back to clone. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	        SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)) != 0)
		return -1;
	*n += 2;
#endif
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3),
	        0) != 0)
		return -1;
	return 0;
}

int
scs_sandbox_seccomp(struct scs_sandbox_report *rep, struct scs_err *err)
{
	static char *const probe_argv[] = {NULL};
	scmp_filter_ctx ctx;
	unsigned n = 0;
	size_t i;
	int rc;

	rep->seccomp = 0;
	if ((ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	/* no_new_privs (libseccomp's default, said again), on every thread. */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1) != 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) != 0) {
		seccomp_release(ctx);
		return scs_err_set(err, SCS_EINTERNAL, "seccomp",
		    "this libseccomp cannot filter every thread");
	}
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (allow_name(ctx, allowed[i], &n) != 0)
			break;
	if (i < sizeof(allowed) / sizeof(allowed[0]) ||
	    allow_narrow(ctx, &n) != 0) {
		seccomp_release(ctx);
		return scs_err_set(err, SCS_EINTERNAL, "seccomp",
		    "cannot add the rule for %s",
		    i < sizeof(allowed) / sizeof(allowed[0])
		        ? allowed[i]
		        : "a narrowed call");
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0)
		return scs_err_set(err, SCS_EINTERNAL, "seccomp",
		    "the kernel refused the filter (%s); run without "
		    "--seccomp only where the kernel has none",
		    strerrordesc_np(-rc));
	/* The proof: a path that does not exist gives ENOENT to a process
	 * that may execute, EPERM to one that may not. */
	errno = 0;
	(void)syscall(SYS_execve, "/nonexistent/scs-sandbox-probe", probe_argv,
	    probe_argv);
	rep->probe_errno = errno;
	if (errno != EPERM)
		return scs_err_set(err, SCS_EINTERNAL, "seccomp",
		    "the filter is installed but execve was not refused (%s)",
		    strerrordesc_np(errno));
	rep->seccomp = 1;
	rep->ncalls = n;
	return SCS_OK;
}

/* User @name's entry, if the server may become it. */
static int
lookup(const char *name, struct passwd *pw, char *buf, size_t len,
    struct scs_err *err)
{
	struct passwd *res = NULL;
	int rc;

	rc = getpwnam_r(name, pw, buf, len, &res);
	if (rc != 0 || res == NULL)
		return scs_err_set(err, SCS_EINVAL, "user",
		    "no such user \"%.64s\"", name);
	if (pw->pw_uid == 0)
		return scs_err_set(err, SCS_EINVAL, "user",
		    "\"%.64s\" is root: name a user without privileges", name);
	if (geteuid() != 0 && geteuid() != pw->pw_uid)
		return scs_err_set(err, SCS_EDENIED, "user",
		    "only root can become \"%.64s\"", name);
	return SCS_OK;
}

int
scs_sandbox_user_check(const char *name, struct scs_err *err)
{
	struct passwd pw;
	char buf[4096];

	return lookup(name, &pw, buf, sizeof(buf), err);
}

int
scs_sandbox_drop_user(const char *name, struct scs_sandbox_report *rep,
    struct scs_err *err)
{
	struct passwd pw;
	char buf[4096];
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	int rc, root = geteuid() == 0;

	if ((rc = lookup(name, &pw, buf, sizeof(buf), err)) != SCS_OK)
		return rc;
	if (root &&
	    (setgroups(0, NULL) != 0 ||
	        setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid) != 0 ||
	        setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid) != 0))
		return scs_err_set(err, SCS_EINTERNAL, "user",
		    "cannot become \"%.64s\": %s", name,
		    strerrordesc_np(errno));
	/* Read back; as root, the groups too (a user that started the
	 * server as itself keeps its own). */
	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0 ||
	    ru != pw.pw_uid || eu != pw.pw_uid || su != pw.pw_uid ||
	    (root &&
	        (rg != pw.pw_gid || eg != pw.pw_gid || sg != pw.pw_gid ||
	            getgroups(0, NULL) != 0)) ||
	    setuid(0) == 0)
		return scs_err_set(err, SCS_EINTERNAL, "user",
		    "the switch to \"%.64s\" did not hold", name);
#ifndef SANITIZED
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#else
	/* LeakSanitizer traces the process at exit. */
	(void)prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
	(void)snprintf(rep->user, sizeof(rep->user), "%s", name);
	rep->uid = (unsigned)pw.pw_uid;
	rep->gid = (unsigned)rg;
	return SCS_OK;
}
