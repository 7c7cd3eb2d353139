/* SPDX-License-Identifier: Apache-2.0 */
/*
 * serve.c - `scs serve`: start the HTTP server and wait for SIGINT or
 * SIGTERM, then stop cleanly.
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "scs/cli.h"
#include "scs/http.h"
#include "scs/sandbox.h"

/* Give up root (--user) and every system call the server does not make
 * (seccomp, unless --no-seccomp), then say so on stderr. */
static int
sandbox(const char *user, int seccomp, struct scs_err *err)
{
	struct scs_sandbox_report rep;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if (user != NULL &&
	    (rc = scs_sandbox_drop_user(user, &rep, err)) != SCS_OK)
		return rc;
	if (seccomp && (rc = scs_sandbox_seccomp(&rep, err)) != SCS_OK)
		return rc;
	if (user != NULL)
		(void)fprintf(stderr, "scs: running as %s (uid %u, gid %u)\n",
		    rep.user, rep.uid, rep.gid);
	else if (geteuid() == 0)
		(void)fprintf(stderr,
		    "scs: running as root: --user NAME would drop it\n");
	if (rep.seccomp)
		(void)fprintf(stderr,
		    "scs: seccomp: %u system calls allowed, execve refused "
		    "(EPERM)\n",
		    rep.ncalls);
	else
		(void)fprintf(stderr, "scs: seccomp: off (--no-seccomp)\n");
	return SCS_OK;
}

/* --tls-cert, --tls-key and --tls-client-ca ("": not given): read now,
 * while the files can be, into @out.  SCS_EXIT_OK or the exit status. */
static int
tls_files(const char *cert, const char *key, const char *ca,
    struct scs_tls_pem *out)
{
	struct scs_err err;

	memset(out, 0, sizeof(*out));
	if ((cert[0] == '\0') != (key[0] == '\0'))
		return scs_cli_usage("serve", "%s needs %s too",
		    cert[0] != '\0' ? "--tls-cert" : "--tls-key",
		    cert[0] != '\0' ? "--tls-key" : "--tls-cert");
	if (ca[0] != '\0' && cert[0] == '\0')
		return scs_cli_usage("serve",
		    "--tls-client-ca needs --tls-cert and --tls-key");
	scs_err_clear(&err);
	if (cert[0] != '\0' &&
	    scs_tls_load(cert, key, ca[0] != '\0' ? ca : NULL, out, &err) !=
	        SCS_OK)
		return scs_cli_fail(&err);
	return SCS_EXIT_OK;
}

/* What the command line asks beyond the server's configuration. */
struct serve_opts {
	const char *tls_cert, *tls_key, *tls_ca; /* "": none */
	const char *user;                        /* NULL: stay */
	int seccomp;
	uint64_t threads;
};

/* One of the limits (--limit-*, --max-conns*, --conn-timeout): a whole
 * number, 0 for none where none makes sense. */
static int
limit_opt(int ch, const char *arg, struct scs_server_config *cfg)
{
	static const char *const names[] = {"--limit-signin",
	    "--limit-decisions", "--limit-exports", "--max-conns",
	    "--max-conns-per-client", "--conn-timeout"};
	unsigned *const slot[] = {&cfg->limit_signin, &cfg->limit_decisions,
	    &cfg->limit_exports, &cfg->max_conns, &cfg->max_conns_per_client,
	    &cfg->conn_timeout};
	int i = ch - '1';
	uint64_t v;

	/* A limit may be 0 (none); a connection count or timeout may not. */
	if (scs_parse_u64(arg, 100000000, &v) != 0 || (i >= 3 && v == 0))
		return scs_cli_usage("serve", "%s takes a whole number%s",
		    names[i], i >= 3 ? " from 1" : " (0: no limit)");
	*slot[i] = (unsigned)v;
	return SCS_EXIT_OK;
}

/* Parse the options into @cfg and @o: SCS_EXIT_OK or the exit status. */
static int
parse_opts(int argc, char **argv, struct scs_server_config *cfg,
    struct serve_opts *o)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"decision-audit", required_argument, NULL, 'm'},
	    {"secure-cookies", no_argument, NULL, 's'},
	    {"idle-timeout", required_argument, NULL, 'i'},
	    {"max-staleness", required_argument, NULL, 'x'},
	    {"user", required_argument, NULL, 'u'},
	    {"no-seccomp", no_argument, NULL, 'S'},
	    {"tls-cert", required_argument, NULL, 'C'},
	    {"tls-key", required_argument, NULL, 'K'},
	    {"tls-client-ca", required_argument, NULL, 'A'},
	    {"limit-signin", required_argument, NULL, '1'},
	    {"limit-decisions", required_argument, NULL, '2'},
	    {"limit-exports", required_argument, NULL, '3'},
	    {"max-conns", required_argument, NULL, '4'},
	    {"max-conns-per-client", required_argument, NULL, '5'},
	    {"conn-timeout", required_argument, NULL, '6'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int ok = 1;

		if (ch == 'l')
			cfg->listen = optarg;
		else if (ch == 't')
			ok = scs_parse_u64(optarg, 64, &o->threads) == 0 &&
			    o->threads > 0;
		else if (ch == 'm')
			ok = scs_decision_audit_parse(optarg,
			         &cfg->decision_audit) == 0;
		else if (ch == 's')
			cfg->secure_cookies = 1;
		else if (ch == 'u') {
			if (optarg[0] == '\0')
				return scs_cli_usage("serve",
				    "--user takes a user name");
			o->user = optarg;
		} else if (ch == 'S')
			o->seccomp = 0;
		else if (ch == 'i' &&
		    scs_parse_duration(optarg, &cfg->idle_timeout) != 0)
			return scs_cli_usage("serve",
			    "--idle-timeout takes a duration such as 30m, 1h "
			    "or 900s");
		else if (ch == 'x' &&
		    (scs_parse_duration(optarg, &cfg->max_staleness) != 0 ||
		        cfg->max_staleness <= 0))
			return scs_cli_usage("serve",
			    "--max-staleness takes a positive duration such as "
			    "30s or 2m");
		else if (ch == 'C')
			o->tls_cert = optarg;
		else if (ch == 'K')
			o->tls_key = optarg;
		else if (ch == 'A')
			o->tls_ca = optarg;
		else if (ch >= '1' && ch <= '6') {
			int st = limit_opt(ch, optarg, cfg);

			if (st != SCS_EXIT_OK)
				return st;
		} else if (ch != 'i' && ch != 'x')
			ok = 0;
		if (!ok)
			return scs_cli_usage("serve", "bad option");
	}
	return SCS_EXIT_OK;
}

int
scs_cmd_serve(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_server_config cfg;
	struct serve_opts o = {"", "", "", NULL, 1, 2};
	struct scs_tls_pem tls;
	struct scs_server *srv = NULL;
	struct scs_err err;
	char keydir[PATH_MAX], icache[PATH_MAX];
	unsigned port = 0;
	sigset_t set;
	int ch, sig = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = "127.0.0.1:8080";
	cfg.decision_audit = SCS_DAUDIT_DENIES;
	cfg.idle_timeout = SCS_HTTP_IDLE_DEFAULT;
	cfg.max_staleness = SCS_HTTP_STALENESS_DEFAULT;
	cfg.limit_signin = SCS_HTTP_LIMIT_SIGNIN;
	cfg.limit_decisions = SCS_HTTP_LIMIT_DECISIONS;
	cfg.limit_exports = SCS_HTTP_LIMIT_EXPORTS;
	if ((ch = parse_opts(argc, argv, &cfg, &o)) != SCS_EXIT_OK)
		return ch;
	if (optind != argc)
		return scs_cli_usage("serve", "unexpected argument \"%s\"",
		    argv[optind]);
	if ((ch = tls_files(o.tls_cert, o.tls_key, o.tls_ca, &tls)) !=
	    SCS_EXIT_OK)
		return ch;
	if (o.tls_cert[0] != '\0')
		cfg.tls = &tls;
	scs_err_clear(&err);
	if ((o.user != NULL &&
	        scs_sandbox_user_check(o.user, &err) != SCS_OK) ||
	    scs_cli_refdata(&cli->rd, &err) != SCS_OK) {
		scs_tls_pem_free(cfg.tls);
		return scs_cli_fail(&err);
	}
	if (scs_cli_keydir(cli->db, keydir, sizeof(keydir), &err) != SCS_OK) {
		scs_tls_pem_free(cfg.tls);
		scs_refdata_free(&cli->rd);
		return scs_cli_fail(&err);
	}
	cfg.db = cli->db;
	cfg.keydir = keydir;
	if (scs_cli_index_cache(cli->db, icache, sizeof(icache)) == 0)
		cfg.index_cache = icache;
	cfg.rd = &cli->rd;
	cfg.threads = (unsigned)o.threads;
	/* Block the stop signals before threads start, then wait for one. */
	(void)sigemptyset(&set);
	(void)sigaddset(&set, SIGINT);
	(void)sigaddset(&set, SIGTERM);
	(void)pthread_sigmask(SIG_BLOCK, &set, NULL);
	(void)signal(SIGPIPE, SIG_IGN);
	if (scs_server_start(&cfg, &srv, &port, &err) != SCS_OK) {
		scs_tls_pem_free(cfg.tls);
		scs_refdata_free(&cli->rd);
		return scs_cli_fail(&err);
	}
	if (sandbox(o.user, o.seccomp, &err) != SCS_OK) {
		scs_server_stop(srv);
		scs_tls_pem_free(cfg.tls);
		scs_refdata_free(&cli->rd);
		return scs_cli_fail(&err);
	}
	{
		char host[64], shown[PATH_MAX];
		const char *colon = strrchr(cfg.listen, ':');
		size_t n = (size_t)(colon - cfg.listen);

		(void)snprintf(host, sizeof(host), "%.*s", (int)n, cfg.listen);
		scs_store_shown(cli->db, shown, sizeof(shown));
		(void)printf("scs serving %s on %s://%s:%u/\n", shown,
		    cfg.tls != NULL ? "https" : "http", host, port);
		(void)fflush(stdout);
	}
	(void)sigwait(&set, &sig);
	(void)fprintf(stderr, "scs: signal %d, stopping\n", sig);
	scs_server_stop(srv);
	scs_tls_pem_free(cfg.tls);
	scs_refdata_free(&cli->rd);
	return SCS_EXIT_OK;
}
