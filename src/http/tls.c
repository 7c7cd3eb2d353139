/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tls.c - TLS for `scs serve`, GnuTLS under libmicrohttpd: the PEM files
 * read into memory at start and checked here, so that a bad one is
 * refused naming its flag and the reason (libmicrohttpd would only fail
 * to start); the protocols and ciphers allowed; the fingerprint of a
 * client certificate that verifies (mutual TLS).  The private key lives in
 * locked memory and is wiped once libmicrohttpd has it (server.c).  No
 * store, no HTTP here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "server_int.h"

/* TLS 1.2 and 1.3 only; AEAD ciphers (AES-GCM, ChaCha20-Poly1305) with
 * ephemeral elliptic-curve key exchange (forward secrecy) in TLS 1.2;
 * TLS 1.3 has nothing else.  The server's order wins. */
const char scs_tls_priorities[] =
    "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"
    "-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"
    "-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SERVER_PRECEDENCE";

/* Read @path (the file of --@flag) into a NUL-terminated buffer, in
 * locked memory when @secret. */
static int
read_pem(const char *path, const char *flag, int secret, char **out,
    size_t *out_len, struct scs_err *err)
{
	struct stat sb;
	FILE *f;
	char *p;
	size_t n;

	*out = NULL;
	*out_len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return scs_err_set(err, SCS_EINVAL, flag, "cannot read %s: %s",
		    path, scs_errno_text(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		(void)fclose(f);
		return scs_err_set(err, SCS_EINVAL, flag,
		    "%s is not a regular file", path);
	}
	if (sb.st_size <= 0 || (uint64_t)sb.st_size > SCS_TLS_PEM_MAX) {
		(void)fclose(f);
		return scs_err_set(err, SCS_EINVAL, flag,
		    "%s is empty or over %u bytes", path, SCS_TLS_PEM_MAX);
	}
	n = (size_t)sb.st_size;
	p = secret ? scs_crypto_secalloc(n + 1) : malloc(n + 1);
	if (p == NULL) {
		(void)fclose(f);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	if (fread(p, 1, n, f) != n) {
		(void)fclose(f);
		if (secret)
			scs_crypto_secfree(p);
		else
			free(p);
		return scs_err_set(err, SCS_EINVAL, flag, "cannot read %s",
		    path);
	}
	(void)fclose(f);
	p[n] = '\0';
	*out = p;
	*out_len = n;
	return SCS_OK;
}

static gnutls_datum_t
datum(const char *p, size_t len)
{
	gnutls_datum_t d;

	d.data = (unsigned char *)(uintptr_t)p;
	d.size = (unsigned)len;
	return d;
}

/* Whether PEM @p holds certificates that all parse: SCS_OK or SCS_EINVAL
 * naming @flag. */
static int
check_certs(const char *p, size_t len, const char *flag, const char *path,
    struct scs_err *err)
{
	gnutls_datum_t d = datum(p, len);
	gnutls_x509_crt_t *crts = NULL;
	unsigned i, n = 0;
	int rc;

	rc =
	    gnutls_x509_crt_list_import2(&crts, &n, &d, GNUTLS_X509_FMT_PEM, 0);
	if (rc < 0 || n == 0)
		return scs_err_set(err, SCS_EINVAL, flag,
		    "%s holds no PEM certificate that can be read (%s)", path,
		    rc < 0 ? gnutls_strerror(rc) : "none found");
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	return SCS_OK;
}

/* The key parses and matches the leaf certificate. */
static int
check_key(const struct scs_tls_pem *p, const char *path, struct scs_err *err)
{
	gnutls_datum_t k = datum(p->key, p->keylen),
	               c = datum(p->cert, p->certlen);
	gnutls_x509_privkey_t key;
	gnutls_certificate_credentials_t cred;
	int rc;

	if (gnutls_x509_privkey_init(&key) < 0)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = gnutls_x509_privkey_import2(key, &k, GNUTLS_X509_FMT_PEM, NULL,
	    GNUTLS_PKCS_PLAIN);
	gnutls_x509_privkey_deinit(key);
	if (rc < 0)
		return scs_err_set(err, SCS_EINVAL, "tls-key",
		    "%s holds no unencrypted PEM private key that can be read "
		    "(%s)",
		    path, gnutls_strerror(rc));
	if (gnutls_certificate_allocate_credentials(&cred) < 0)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k,
	    GNUTLS_X509_FMT_PEM, NULL, 0);
	gnutls_certificate_free_credentials(cred);
	if (rc == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
		return scs_err_set(err, SCS_EINVAL, "tls-key",
		    "%s is not the private key of the certificate of "
		    "--tls-cert",
		    path);
	if (rc < 0)
		return scs_err_set(err, SCS_EINVAL, "tls-key",
		    "%s cannot be used with the certificate of --tls-cert "
		    "(%s)",
		    path, gnutls_strerror(rc));
	return SCS_OK;
}

int
scs_tls_load(const char *cert, const char *key, const char *client_ca,
    struct scs_tls_pem *out, struct scs_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_pem(cert, "tls-cert", 0, &out->cert, &out->certlen,
	         err)) != SCS_OK ||
	    (rc = check_certs(out->cert, out->certlen, "tls-cert", cert,
	         err)) != SCS_OK ||
	    (rc = read_pem(key, "tls-key", 1, &out->key, &out->keylen, err)) !=
	        SCS_OK ||
	    (rc = check_key(out, key, err)) != SCS_OK)
		goto fail;
	if (client_ca != NULL &&
	    ((rc = read_pem(client_ca, "tls-client-ca", 0, &out->client_ca,
	          &out->client_calen, err)) != SCS_OK ||
	        (rc = check_certs(out->client_ca, out->client_calen,
	             "tls-client-ca", client_ca, err)) != SCS_OK))
		goto fail;
	return SCS_OK;
fail:
	scs_tls_pem_free(out);
	return rc;
}

void
scs_tls_pem_free(struct scs_tls_pem *p)
{
	if (p == NULL)
		return;
	if (p->key != NULL) {
		scs_crypto_wipe(p->key, p->keylen);
		scs_crypto_secfree(p->key);
	}
	free(p->cert);
	free(p->client_ca);
	memset(p, 0, sizeof(*p));
}

/* The hex SHA-256 of DER @der. */
static int
fingerprint(const gnutls_datum_t *der, char out[65])
{
	uint8_t md[32];
	size_t n = sizeof(md);

	if (gnutls_fingerprint(GNUTLS_DIG_SHA256, der, md, &n) < 0 ||
	    n != sizeof(md))
		return -1;
	scs_hex(out, md, sizeof(md));
	return 0;
}

int
scs_tls_fingerprint(const char *pem, size_t len, const char *field,
    char out[65], struct scs_err *err)
{
	gnutls_datum_t d = datum(pem, len), der = {NULL, 0};
	gnutls_x509_crt_t crt;
	int rc;

	out[0] = '\0';
	if (gnutls_x509_crt_init(&crt) < 0)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
	if (rc >= 0)
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);
	gnutls_x509_crt_deinit(crt);
	if (rc < 0)
		return scs_err_set(err, SCS_EINVAL, field,
		    "is not a PEM certificate (%s)", gnutls_strerror(rc));
	rc = fingerprint(&der, out);
	gnutls_free(der.data);
	if (rc != 0)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

int
scs_tls_peer(void *session, char out[65])
{
	gnutls_session_t s = session;
	const gnutls_datum_t *certs;
	unsigned status = 1, n = 0;

	out[0] = '\0';
	if (s == NULL || gnutls_certificate_type_get(s) != GNUTLS_CRT_X509 ||
	    (certs = gnutls_certificate_get_peers(s, &n)) == NULL || n == 0)
		return 0;
	/* The chain up to a CA of --tls-client-ca, each in its validity. */
	if (gnutls_certificate_verify_peers2(s, &status) < 0 || status != 0)
		return 0;
	return fingerprint(&certs[0], out) == 0;
}
