/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sandbox.c - the seccomp filter of `scs serve` (src/http/sandbox.c)
 * installed in a child process, which then tries what the filter forbids
 * (start a program, make a process, open a raw socket, raise a limit) and
 * what a server needs (threads, files, sockets): each answer is a bit of
 * the child's exit status.  A thread started before the filter is filtered
 * too.  And --user's refusals: root, and a user that does not exist.
 */
#define _GNU_SOURCE

#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "scs/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

enum {
	BAD_INSTALL = 1 << 0,
	BAD_EXECVE = 1 << 1,
	BAD_FORK = 1 << 2,
	BAD_RAWSOCK = 1 << 3,
	BAD_THREAD = 1 << 4,
	BAD_FILE = 1 << 5,
	BAD_INETSOCK = 1 << 6,
	BAD_OLD_THREAD = 1 << 7,
	BAD_RLIMIT = 1 << 8,
	BAD_PROBE = 1 << 9,
};

static int pipefd[2];

static int
execve_refused(void)
{
	static char *const argv[] = {"/bin/true", NULL};

	errno = 0;
	return syscall(SYS_execve, "/bin/true", argv, argv) == -1 &&
	    errno == EPERM;
}

/* Started before the filter: waits, then tries execve under it. */
static void *
old_thread(void *arg)
{
	char c;

	(void)arg;
	if (read(pipefd[0], &c, 1) != 1)
		return (void *)1;
	return execve_refused() ? NULL : (void *)1;
}

static void *
new_thread(void *arg)
{
	return arg;
}

static int
child(const char *dir)
{
	struct scs_sandbox_report rep;
	struct scs_err err;
	struct rlimit rl;
	pthread_t old, t;
	void *res = (void *)1;
	char path[512];
	int fd, bad = 0;
	pid_t pid;

	if (pipe(pipefd) != 0 || pthread_create(&old, NULL, old_thread, NULL))
		return BAD_OLD_THREAD;
	memset(&rep, 0, sizeof(rep));
	if (scs_sandbox_seccomp(&rep, &err) != SCS_OK || !rep.seccomp)
		return BAD_INSTALL;
	if (rep.probe_errno != EPERM || rep.ncalls < 50)
		bad |= BAD_PROBE;
	if (!execve_refused())
		bad |= BAD_EXECVE;
#ifndef SANITIZED
	/* A sanitized build lets clone through for LeakSanitizer. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid != -1 || errno != EPERM)
		bad |= BAD_FORK;
#else
	(void)pid;
#endif
	if (socket(AF_PACKET, SOCK_RAW, 0) != -1 || errno != EPERM)
		bad |= BAD_RAWSOCK;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		bad |= BAD_INETSOCK;
	else
		(void)close(fd);
	if (pthread_create(&t, NULL, new_thread, NULL) != 0 ||
	    pthread_join(t, &res) != 0 || res != NULL)
		bad |= BAD_THREAD;
	(void)snprintf(path, sizeof(path), "%s/f", dir);
	if ((fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600)) < 0 ||
	    write(fd, "x", 1) != 1 || fsync(fd) != 0 || close(fd) != 0 ||
	    unlink(path) != 0)
		bad |= BAD_FILE;
	rl.rlim_cur = rl.rlim_max = 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == 0 ||
	    (rl.rlim_cur = rl.rlim_cur / 2, setrlimit(RLIMIT_NOFILE, &rl) == 0))
		bad |= BAD_RLIMIT;
	if (write(pipefd[1], "g", 1) != 1 || pthread_join(old, &res) != 0 ||
	    res != NULL)
		bad |= BAD_OLD_THREAD;
	return bad;
}

static void
test_the_filter_refuses_new_programs_and_processes_not_a_servers_work(
    void **state)
{
	char dir[] = "/tmp/scs-sandbox-XXXXXX";
	int status = -1;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	(void)fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child(dir));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	(void)rmdir(dir);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("the sandboxed child failed checks 0x%x",
		    WEXITSTATUS(status));
}

static void
test_user_refuses_root_and_unknown_names(void **state)
{
	struct scs_sandbox_report rep;
	struct scs_err err;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(scs_sandbox_drop_user("root", &rep, &err), SCS_EINVAL);
	assert_string_equal(err.field, "user");
	assert_non_null(strstr(err.reason, "root"));
	assert_int_equal(scs_sandbox_drop_user("no-such-user-scs-test", &rep,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "user");
	assert_non_null(strstr(err.reason, "no such user"));
	assert_string_equal(rep.user, "");
	/* The check at start says the same, and accepts a real user. */
	assert_int_equal(scs_sandbox_user_check("root", &err), SCS_EINVAL);
	assert_int_equal(scs_sandbox_user_check("no-such-user-scs-test", &err),
	    SCS_EINVAL);
	assert_non_null(strstr(err.reason, "no such user"));
	if (geteuid() == 0)
		assert_int_equal(scs_sandbox_user_check("nobody", &err),
		    SCS_OK);
	/* Nothing was given up. */
	assert_int_equal(getuid(), geteuid());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_the_filter_refuses_new_programs_and_processes_not_a_servers_work),
	    cmocka_unit_test(test_user_refuses_root_and_unknown_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
